package com.example;

import com.azure.ai.openai.OpenAIClient;
import com.azure.ai.openai.OpenAIClientBuilder;
import ai.djl.Model;
import com.example.openai_helpers.Retry;
import org.torchlight.Highlighter;

public class Score {
    private final OpenAIClient client = new OpenAIClientBuilder().buildClient();
}
