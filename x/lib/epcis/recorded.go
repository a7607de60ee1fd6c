package epcis

import "time"

// RecordedJSON is an event as the chain stores it and the indexer serves
// it: the event as hashed (TraceChain's agricultural business steps
// expanded) with the chain's eventID and the recordTime (block time) set.
// The keeper and traceindexd both use it so that they agree byte for byte.
func RecordedJSON(hashed *Node, eventID string, recordTime time.Time) ([]byte, error) {
	stored := hashed.Clone()
	stored.Set("eventID", StringNode(eventID))
	stored.Set("recordTime", StringNode(FormatTimestamp(recordTime)))
	return stored.MarshalJSON()
}

// DeclaredJSON is a recorded event after an error declaration: the
// declaring event's errorDeclaration added to it.
func DeclaredJSON(recorded []byte, declaring *Node) ([]byte, error) {
	stored, err := ParseJSON(recorded)
	if err != nil {
		return nil, err
	}
	stored.Set("errorDeclaration", declaring.Get("errorDeclaration"))
	return stored.MarshalJSON()
}
