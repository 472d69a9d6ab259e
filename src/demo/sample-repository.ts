// The demo's pull request: a small Go service whose change adds a function
// that counts into a map declared without `make`, which panics on first use.

export interface RepositorySnapshot {
  sha: string;
  files: Record<string, string>;
}

export interface SamplePullRequest {
  owner: string;
  repo: string;
  number: number;
  title: string;
  author: string;
  base: RepositorySnapshot;
  head: RepositorySnapshot;
}

const GO_MOD = "module example.com/greeter\n\ngo 1.21\n";

const MAIN_GO = `package main

import (
	"fmt"
	"os"

	"example.com/greeter/greeting"
)

func main() {
	for _, name := range os.Args[1:] {
		fmt.Println(greeting.Hello(name))
	}
}
`;

const GREETING_BASE = `package greeting

import "fmt"

// Hello returns a friendly greeting for name.
func Hello(name string) string {
	return fmt.Sprintf("Hello, %s!", name)
}
`;

const GREETING_HEAD = `package greeting

import "fmt"

// Hello returns a friendly greeting for name.
func Hello(name string) string {
	return fmt.Sprintf("Hello, %s!", name)
}

// CountGreetings reports how many times each name was greeted.
func CountGreetings(names []string) map[string]int {
	var counts map[string]int
	for _, name := range names {
		counts[name]++
	}
	return counts
}
`;

const STYLES_GO = `package greeting

// styles maps a language to its greeting word.
var styles = map[string]string{
	"en": "Hello",
	"fr": "Bonjour",
}

// Word returns the greeting word for lang, or the English one.
func Word(lang string) string {
	if w, ok := styles[lang]; ok {
		return w
	}
	return styles["en"]
}
`;

export const samplePullRequest: SamplePullRequest = {
  owner: "octo-demo",
  repo: "greeter",
  number: 7,
  title: "Count how often each name is greeted",
  author: "gopher",
  base: {
    sha: "1111111111111111111111111111111111111111",
    files: { "go.mod": GO_MOD, "main.go": MAIN_GO, "greeting/greeting.go": GREETING_BASE, "greeting/styles.go": STYLES_GO },
  },
  head: {
    sha: "2222222222222222222222222222222222222222",
    files: { "go.mod": GO_MOD, "main.go": MAIN_GO, "greeting/greeting.go": GREETING_HEAD, "greeting/styles.go": STYLES_GO },
  },
};
