module example.com/pricing

go 1.22

require (
	github.com/sashabaranov/go-openai v1.32.0
	github.com/stretchr/testify v1.9.0
)
