package service

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/upshot-app/upshot/uploader"
)

// OutputJSON is the output that is one JSON object per item, not a link.
const OutputJSON = "json"

// Report is a finished batch as the command line shows it, whether the
// CLI ran it or handed it to the running app.
type Report struct {
	Lines    []string  // stdout: one link per uploaded file, or one JSON object per item
	Failures []Failure // one per item that did not upload
}

// Failure is an item that did not upload; String is "<source>: <message>".
type Failure struct {
	Source, Message string
}

func (f Failure) String() string { return f.Source + ": " + f.Message }

// OK reports whether every item uploaded.
func (r Report) OK() bool { return len(r.Failures) == 0 }

// MakeReport renders finished items in output (a link format or json). An
// output that is no format is a *ConfigError.
func MakeReport(items []uploader.Item, output string) (Report, error) {
	var r Report
	for _, it := range items {
		if it.State != uploader.StateDone {
			r.Failures = append(r.Failures, Failure{Source: it.Source, Message: itemMessage(it)})
		}
		if output == OutputJSON {
			r.Lines = append(r.Lines, jsonOf(it))
			continue
		}
		if it.State == uploader.StateDone {
			link, err := uploader.FormatLink(output, LinkData(it))
			if err != nil {
				return Report{}, &ConfigError{Problem: ConfigRefused, Err: fmt.Errorf("--output: %w", err)}
			}
			r.Lines = append(r.Lines, link)
		}
	}
	return r, nil
}

// CopyText is what --copy puts on the clipboard: the report's links, or
// with json output the URLs of the uploaded items; "" for nothing.
func CopyText(items []uploader.Item, output string, r Report) string {
	links := r.Lines
	if output == OutputJSON {
		links = nil
		for _, it := range items {
			if it.State == uploader.StateDone {
				links = append(links, it.Result.URL)
			}
		}
	}
	return strings.Join(links, "\n")
}

// LinkData is what uploader.FormatLink needs from an item.
func LinkData(it uploader.Item) uploader.LinkData {
	return uploader.LinkData{Result: it.Result, Filename: it.Name, Title: it.Options.Title}
}

func itemMessage(it uploader.Item) string {
	switch {
	case it.Err != nil:
		return it.Err.Error()
	case it.State == uploader.StateCanceled:
		return "canceled"
	default:
		return "not uploaded (" + it.State.String() + ")"
	}
}

// jsonLine is one line of --output json: every source, uploaded or failed.
type jsonLine struct {
	Source string `json:"source"`
	URL    string `json:"url"`
	Viewer string `json:"viewer"`
	Short  string `json:"short"`
	Thumb  string `json:"thumb"`
	Delete string `json:"delete"`
	Width  int    `json:"width"`
	Height int    `json:"height"`
	Size   int64  `json:"size"`
	Error  string `json:"error,omitempty"`
}

func jsonOf(it uploader.Item) string {
	l := jsonLine{Source: it.Source}
	if r := it.Result; r != nil && it.State == uploader.StateDone {
		l.URL, l.Viewer, l.Short, l.Thumb, l.Delete = r.URL, r.Viewer, r.Short, r.Thumb, r.Delete
		l.Width, l.Height, l.Size = r.Width, r.Height, r.Size
	} else {
		l.Error = itemMessage(it)
	}
	data, _ := json.Marshal(l)
	return string(data)
}
