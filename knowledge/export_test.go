package knowledge

// Anchors is anchors for the external tests (refs_test.go).
var Anchors = anchors
