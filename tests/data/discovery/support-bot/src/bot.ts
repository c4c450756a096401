import express from "express";
import OpenAI from "openai";
import { retry } from "./openai_helpers";

const client = new OpenAI();
export const app = express();
