package timeline

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// A Run is one style's timeline as the demo measured it: what the
// pictures are drawn from. Runs are saved as JSON, committed beside the
// benchmark results, so every picture can be drawn again from a file.
type Run struct {
	Style string        `json:"style"`
	Title string        `json:"title"`
	Wall  time.Duration `json:"wall_ns"`
	Bars  []Bar         `json:"bars"`
}

// Save writes runs to file as indented JSON.
func Save(file string, runs []Run) error {
	b, err := json.MarshalIndent(runs, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(file, append(b, '\n'), 0o644)
}

// Load reads runs saved by Save.
func Load(file string) ([]Run, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var runs []Run
	if err := json.Unmarshal(b, &runs); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	return runs, nil
}

// DrawAll writes timeline-STYLE.svg into dir for each run.
func DrawAll(dir string, runs []Run) error {
	for _, r := range runs {
		file := filepath.Join(dir, "timeline-"+r.Style+".svg")
		if err := WriteSVG(file, r.Title, r.Bars); err != nil {
			return err
		}
	}
	return nil
}
