//go:build !unix

package safeio

const readFlags = 0
