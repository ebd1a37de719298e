package main

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	lua "github.com/yuin/gopher-lua"
)

// A health verdict as Argo CD shows it: one of the statuses below and a sentence.
type verdict struct {
	Status  string `json:"status"`
	Message string `json:"message"`
}

// The statuses Argo CD accepts from a health script; anything else becomes Unknown.
var argoStatuses = map[string]bool{
	"Healthy": true, "Progressing": true, "Degraded": true,
	"Suspended": true, "Missing": true, "Unknown": true,
}

// invalidStatus is what Argo CD shows when a script returns a status outside argoStatuses.
const invalidStatus = "Lua returned an invalid health status"

// runHealthScript runs a health check the way Argo CD runs one configured in argocd-cm
// (resource.customizations.health.<group>_<kind>) with useOpenLibs left at its default, false:
// see newArgoState for the VM, argoVerdict for how the result is read. A script that fails, or
// returns something that is not a table, is an error; Argo CD shows it as Unknown with the error.
func runHealthScript(script string, obj map[string]any) (verdict, error) {
	l := newArgoState()
	defer l.Close()
	// Argo CD gives every script one second.
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	l.SetContext(ctx)

	l.SetGlobal("obj", toLua(l, obj))
	fn, err := l.LoadString(script)
	if err != nil {
		return verdict{}, err
	}
	l.Push(fn)
	if err := l.PCall(0, lua.MultRet, nil); err != nil {
		return verdict{}, err
	}
	return argoVerdict(l.Get(-1))
}

// newArgoState is a Lua state with only what Argo CD opens for such a script: the package
// library (require), the base library, the table library, and an os library cut down to time and
// date, reachable only through require("os"). No string, math, io or full os library.
//
// The global os stays nil, as in Argo CD: it opens its cut-down os library with the table
// library's name, and gopher-lua's RegisterModule leaves an already loaded module alone, so only
// the package.preload entry for "os" takes effect. A script that calls os.time() directly fails
// there, so it must fail here too.
func newArgoState() *lua.LState {
	l := lua.NewState(lua.Options{SkipOpenLibs: true})
	for _, lib := range []struct {
		name string
		open lua.LGFunction
	}{
		{lua.LoadLibName, lua.OpenPackage},
		{lua.BaseLibName, lua.OpenBase},
		{lua.TabLibName, lua.OpenTable},
	} {
		l.Push(l.NewFunction(lib.open))
		l.Push(lua.LString(lib.name))
		l.Call(1, 0)
	}
	l.PreloadModule(lua.OsLibName, timeAndDateOnly)
	return l
}

// timeAndDateOnly loads the os module as Argo CD's safe one: gopher-lua's own os.time and
// os.date, nothing that reads the environment, runs a command or touches a file.
func timeAndDateOnly(l *lua.LState) int {
	full := lua.NewState(lua.Options{SkipOpenLibs: true})
	defer full.Close()
	full.Push(full.NewFunction(lua.OpenOs))
	full.Call(0, 1)
	os := full.Get(-1).(*lua.LTable)
	mod := l.NewTable()
	for _, name := range []string{"time", "date"} {
		mod.RawSetString(name, l.NewFunction(os.RawGetString(name).(*lua.LFunction).GFunction))
	}
	l.Push(mod)
	return 1
}

// toLua turns a decoded JSON value into Lua values as Argo CD does for obj: integers (int64 from
// unstructured decoding) and floats become numbers, json.Number a string, arrays sequences.
func toLua(l *lua.LState, value any) lua.LValue {
	switch v := value.(type) {
	case nil:
		return lua.LNil
	case bool:
		return lua.LBool(v)
	case string:
		return lua.LString(v)
	case json.Number:
		return lua.LString(v)
	case int64:
		return lua.LNumber(v)
	case int:
		return lua.LNumber(v)
	case int32:
		return lua.LNumber(v)
	case float64:
		return lua.LNumber(v)
	case []any:
		seq := l.CreateTable(len(v), 0)
		for _, item := range v {
			seq.Append(toLua(l, item))
		}
		return seq
	case map[string]any:
		tbl := l.CreateTable(0, len(v))
		for key, item := range v {
			tbl.RawSetString(key, toLua(l, item))
		}
		return tbl
	}
	return lua.LString(fmt.Sprint(value))
}

// argoVerdict reads a script's last return value as Argo CD does: nil or an empty table is no
// verdict at all, a table's status and message are strings, and a status Argo CD does not know
// turns into Unknown.
func argoVerdict(returned lua.LValue) (verdict, error) {
	switch r := returned.(type) {
	case *lua.LNilType:
		return verdict{}, nil
	case *lua.LTable:
		if r.Len() == 0 && isEmpty(r) {
			return verdict{}, nil
		}
		status, err := stringField(r, "status")
		if err != nil {
			return verdict{}, err
		}
		message, err := stringField(r, "message")
		if err != nil {
			return verdict{}, err
		}
		if !argoStatuses[status] {
			return verdict{Status: "Unknown", Message: invalidStatus}, nil
		}
		return verdict{Status: status, Message: message}, nil
	}
	return verdict{}, fmt.Errorf("expect table output from Lua script, not %s", returned.Type())
}

func isEmpty(t *lua.LTable) bool {
	key, _ := t.Next(lua.LNil)
	return key == lua.LNil
}

// stringField is a table's field that must be a string when present, as Argo CD's JSON decoding
// of the result demands.
func stringField(t *lua.LTable, name string) (string, error) {
	switch v := t.RawGetString(name).(type) {
	case *lua.LNilType:
		return "", nil
	case lua.LString:
		return string(v), nil
	default:
		return "", fmt.Errorf("health script returned %s as a %s, not a string", name, v.Type())
	}
}
