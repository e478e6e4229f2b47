module github.com/gohttpclient/gohttpclient

go 1.26

require (
	github.com/godot-go/godot-go v0.3.21
	github.com/stretchr/testify v1.12.1
)

require (
	github.com/CannibalVox/cgoalloc v1.2.1 // indirect
	github.com/davecgh/go-spew v1.1.1 // indirect
	go.uber.org/atomic v1.7.0 // indirect
	go.uber.org/multierr v1.6.0 // indirect
	go.uber.org/zap v1.16.0 // indirect
	go.yaml.in/yaml/v3 v3.0.5 // indirect
	golang.org/x/exp v0.0.0-20220722155223-a9213eeb770e // indirect
	golang.org/x/text v0.12.0 // indirect
)
