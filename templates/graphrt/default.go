package graphrt

// DefaultBaseURL is the service root a Client talks to unless WithBaseURL
// says otherwise. The emitter skips this file and emits its own.
const DefaultBaseURL = "https://graph.microsoft.com/v1.0"
