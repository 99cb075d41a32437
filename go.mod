module github.com/graphgen/graphgen

go 1.26.0

require (
	github.com/dave/jennifer v1.7.1
	github.com/google/go-cmp v0.7.0
	github.com/spf13/pflag v1.1.0
	github.com/yuin/goldmark v1.8.7
	golang.org/x/exp v0.0.0-20261113113407-e3970619a1a4
)

require golang.org/x/tools v0.52.1-0.20261106145633-d407941a339a // indirect

tool github.com/graphgen/graphgen/cmd/graphgen
