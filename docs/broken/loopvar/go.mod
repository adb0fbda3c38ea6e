module loopvar

// Go 1.21: the loop-variable semantics before Go 1.22. A module of its
// own, so the parent module's ./... does not include it.
go 1.21
