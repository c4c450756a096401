package main

import (
	"fmt"

	openai "github.com/sashabaranov/go-openai"
)

func main() { fmt.Println(openai.GPT4o) }
