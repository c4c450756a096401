const Anthropic = require('@anthropic-ai/sdk');
const torchlight = require("torchlight");

module.exports = new Anthropic();
