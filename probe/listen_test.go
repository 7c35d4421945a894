package probe

import (
	"context"
	"io"
	"net"
	"strings"
	"testing"
	"time"
)

// TestListenAnswersBeforeClosing: the browser always gets the listener's
// page. The listener used to hand the URL over before the answer was
// flushed and then close the server, so some browsers got an empty reply
// (issue 13 item 4: about 4 runs in 30). The browser here sends its
// request with a body that it finishes only after the listener returned
// (or after 500 ms): net/http reads the rest of an unread body before it
// writes the answer, which makes the old race certain to lose.
func TestListenAnswersBeforeClosing(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	redirect := "http://" + addr + "/oauth-callback.php"
	ready := make(chan struct{})
	type res struct {
		url string
		err error
	}
	done := make(chan res, 1)
	go func() {
		u, err := listenCallback(context.Background(), addr, redirect, "s", func() { close(ready) })
		done <- res{u, err}
	}()
	select {
	case <-ready:
	case r := <-done:
		t.Fatalf("listener: %v", r.err)
	}
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	io.WriteString(conn, "GET /oauth-callback.php?code=c0de&state=s HTTP/1.1\r\nHost: "+addr+"\r\nContent-Length: 4\r\n\r\n")
	var r res
	returned := false
	select {
	case r = <-done:
		returned = true
	case <-time.After(500 * time.Millisecond):
	}
	io.WriteString(conn, "body")
	page, _ := io.ReadAll(conn)
	if !returned {
		r = <-done
	}
	if r.err != nil || r.url != redirect+"?code=c0de&state=s" {
		t.Fatalf("listener returned %q, %v", r.url, r.err)
	}
	if !strings.Contains(string(page), "espo-oidc received the sign-in result") {
		t.Errorf("the browser got %q, not the listener's page", page)
	}
}
