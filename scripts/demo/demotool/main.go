// Command demotool serves scripts/demo.sh, so that the demo's shell needs
// neither hand-written JSON nor grep to read it:
//
//	demotool ids                   the story's identifiers, as shell assignments to eval
//	demotool documents DIR STAGE   write the EPCIS documents of a stage of the story
//	                               (story, handover, delivery, receipt), stamped now
//	demotool json KEY              the first value named KEY in the JSON on stdin
//	demotool json --each LIST F…   for each element of the first array named LIST,
//	                               its fields F (dotted paths), tab-separated
//
// The documents are built with testutil/epcisbuild, the builder the tests
// use; the JSON is read with encoding/json.
package main

import (
	"fmt"
	"os"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "demotool:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("usage: demotool ids | documents DIR STAGE | json KEY | json --each LIST FIELDS")
	}
	switch args[0] {
	case "ids":
		return printIDs(os.Stdout)
	case "documents":
		if len(args) != 3 {
			return fmt.Errorf("usage: demotool documents DIR story|handover|delivery|receipt")
		}
		return writeDocuments(args[1], args[2])
	case "json":
		return readJSON(os.Stdin, os.Stdout, args[1:])
	}
	return fmt.Errorf("unknown command %q", args[0])
}
