package main

import "runtime"

const goos, goarch = runtime.GOOS, runtime.GOARCH
