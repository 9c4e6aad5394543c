// Command httpish routes fake HTTP requests through handlers and middleware.
package main

import (
	"errors"
	"fmt"
	"strings"
)

type Header map[string][]string

type Request struct {
	Method string
	Path   string
	Header Header
	Body   []byte
	Params map[string]string
	User   *Session
}

type Session struct {
	UserID int
	Roles  []string
}

type Response struct {
	Status int
	Body   string
}

// Handler is a non-empty interface.
type Handler interface {
	Serve(req *Request) Response
}

type HandlerFunc func(req *Request) Response

func (f HandlerFunc) Serve(req *Request) Response { return f(req) }

type StaticHandler struct {
	Root  string
	Index string
}

func (h *StaticHandler) Serve(req *Request) Response {
	file := h.Root + strings.TrimPrefix(req.Path, "/static")
	return Response{Status: 200, Body: file}
}

type NotFound struct{}

func (NotFound) Serve(req *Request) Response { return Response{Status: 404} }

type HTTPError struct {
	Code int
	Msg  string
}

func (e *HTTPError) Error() string { return fmt.Sprintf("%d %s", e.Code, e.Msg) }

var routes = map[string]Handler{}
var hits = map[string]int{}
var lastErr error

// describe classifies a value with a type switch.
func describe(v any) string {
	switch x := v.(type) {
	case nil:
		return "nil"
	case int:
		return fmt.Sprint("int ", x)
	case string:
		return "string " + x
	case *Request:
		return "request " + x.Path
	case error:
		return "error " + x.Error()
	default:
		return fmt.Sprintf("other %T", x)
	}
}

func route(req *Request) (resp Response, err error) {
	h, ok := routes[req.Method+" "+req.Path]
	if !ok && strings.HasPrefix(req.Path, "/static") {
		h, ok = routes["GET /static"]
	}
	if !ok {
		h = NotFound{}
		err = &HTTPError{Code: 404, Msg: "no route for " + req.Path}
	}
	hits[req.Path]++
	resp = h.Serve(req)
	return resp, err
}

func main() {
	routes["GET /health"] = HandlerFunc(func(req *Request) Response {
		return Response{Status: 200, Body: "ok"}
	})
	routes["GET /static"] = &StaticHandler{Root: "/srv/www", Index: "index.html"}

	reqs := []*Request{
		{Method: "GET", Path: "/health", Header: Header{"Accept": {"text/plain"}}},
		{Method: "GET", Path: "/static/app.js", User: &Session{UserID: 42, Roles: []string{"admin"}}},
		{Method: "POST", Path: "/login", Body: []byte("user=ann"), Params: map[string]string{"next": "/home"}},
	}
	var anything any = reqs[0]
	var nothing any
	var handler Handler = routes["GET /static"]
	for _, req := range reqs {
		resp, err := route(req)
		if err != nil {
			var he *HTTPError
			if errors.As(err, &he) {
				lastErr = err
			}
			fmt.Println(req.Method, req.Path, "->", he.Code)
			continue
		}
		fmt.Println(req.Method, req.Path, "->", resp.Status, resp.Body)
	}
	kinds := []string{describe(3), describe("x"), describe(anything), describe(lastErr), describe(nothing), describe(2.5)}
	fmt.Println(strings.Join(kinds, "; "), handler != nil)
}
