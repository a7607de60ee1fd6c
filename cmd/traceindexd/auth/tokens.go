// Package auth is the indexer's bearer tokens: the operator issues each
// to a client with scopes (capture, query, console); the indexer keeps only
// their SHA-256 digests, in a file it rereads when it changes, so tokens are
// issued and revoked without a restart and a stolen file grants nothing.
package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"
)

// Scopes a token may hold.
const (
	ScopeCapture = "capture" // POST /capture and the capture jobs
	ScopeQuery   = "query"   // EPCIS queries, named queries and subscriptions
	ScopeConsole = "console" // the regulator's console and exports
)

var knownScopes = map[string]bool{ScopeCapture: true, ScopeQuery: true, ScopeConsole: true}

// tokenPrefix marks TraceChain indexer tokens, so that a leaked one is
// recognisable (secret scanners match on such prefixes).
const tokenPrefix = "tcx_"

// Token is what the file keeps of an issued token.
type Token struct {
	Name   string    `json:"name"`
	Scopes []string  `json:"scopes"`
	SHA256 string    `json:"sha256"`
	Issued time.Time `json:"issued"`
}

var tokenName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)

// digest is how a token is stored and looked up.
func digest(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// read loads a token file; a missing file holds no token.
func read(path string) ([]Token, error) {
	bz, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var tokens []Token
	if err := json.Unmarshal(bz, &tokens); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return tokens, nil
}

// write replaces a token file atomically, readable by its owner only.
func write(path string, tokens []Token) error {
	sort.Slice(tokens, func(i, j int) bool { return tokens[i].Name < tokens[j].Name })
	bz, err := json.MarshalIndent(tokens, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, bz, 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// Issue creates a token named name with scopes, stores its digest in the
// file at path and returns the token: the only time it is ever shown.
func Issue(path, name string, scopes []string) (string, error) {
	if !tokenName.MatchString(name) {
		return "", fmt.Errorf("name %q: letters, digits, '.', '_' or '-', at most 64", name)
	}
	if len(scopes) == 0 {
		return "", errors.New("scopes: at least one of capture, query, console")
	}
	for _, s := range scopes {
		if !knownScopes[s] {
			return "", fmt.Errorf("scope %q: one of capture, query, console", s)
		}
	}
	tokens, err := read(path)
	if err != nil {
		return "", err
	}
	for _, t := range tokens {
		if t.Name == name {
			return "", fmt.Errorf("a token named %q exists; revoke it first", name)
		}
	}
	secret := make([]byte, 32)
	if _, err := rand.Read(secret); err != nil {
		return "", err
	}
	token := tokenPrefix + base64.RawURLEncoding.EncodeToString(secret)
	tokens = append(tokens, Token{Name: name, Scopes: scopes, SHA256: digest(token), Issued: time.Now().UTC().Truncate(time.Second)})
	return token, write(path, tokens)
}

// Revoke removes the token named name.
func Revoke(path, name string) error {
	tokens, err := read(path)
	if err != nil {
		return err
	}
	for i, t := range tokens {
		if t.Name == name {
			return write(path, append(tokens[:i], tokens[i+1:]...))
		}
	}
	return fmt.Errorf("no token named %q", name)
}

// List is the issued tokens (names, scopes, dates; never the tokens).
func List(path string) ([]Token, error) { return read(path) }

// Keys checks requests' tokens against a token file.
type Keys struct {
	path string

	mu       sync.Mutex
	checked  time.Time
	modified time.Time
	size     int64
	byDigest map[string]Token
	loadErr  error
}

// reloadEvery bounds how often the file's metadata is looked at.
const reloadEvery = time.Second

// NewKeys reads the token file at path.
func NewKeys(path string) (*Keys, error) {
	k := &Keys{path: path}
	k.mu.Lock()
	defer k.mu.Unlock()
	if err := k.reload(); err != nil {
		return nil, err
	}
	return k, nil
}

// reload rereads the file if it changed; the caller holds mu. A file that
// no longer parses keeps the tokens last read, and says so.
func (k *Keys) reload() error {
	k.checked = time.Now()
	st, err := os.Stat(k.path)
	if errors.Is(err, os.ErrNotExist) {
		k.byDigest, k.loadErr = map[string]Token{}, nil
		return nil
	}
	if err != nil {
		k.loadErr = err
		return err
	}
	if st.ModTime().Equal(k.modified) && st.Size() == k.size && k.byDigest != nil {
		return nil
	}
	tokens, err := read(k.path)
	if err != nil {
		k.loadErr = err
		return err
	}
	byDigest := make(map[string]Token, len(tokens))
	for _, t := range tokens {
		byDigest[t.SHA256] = t
	}
	k.byDigest, k.modified, k.size, k.loadErr = byDigest, st.ModTime(), st.Size(), nil
	return nil
}

// Denied is why a request may not go on: 401 without a valid token, 403
// with one lacking the scope.
type Denied struct {
	Status int
	Reason string
}

// Check finds the token of an Authorization header and checks its scope.
// It returns the token's name, or why the request is refused.
func (k *Keys) Check(authorization, scope string) (string, *Denied) {
	scheme, token, ok := strings.Cut(strings.TrimSpace(authorization), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(token) == "" {
		return "", &Denied{401, "Authorization: a bearer token with the " + scope + " scope is required (Authorization: Bearer <token>)"}
	}
	d := digest(strings.TrimSpace(token))
	k.mu.Lock()
	t, found := k.byDigest[d]
	// A revocation is seen within reloadEvery; a token just issued at
	// once: an unknown token looks at the file (a stat; it is read only
	// when it changed). A bad file keeps the last good tokens (Healthy
	// reports it).
	if !found || time.Since(k.checked) >= reloadEvery {
		_ = k.reload()
		t, found = k.byDigest[d]
	}
	k.mu.Unlock()
	if !found {
		return "", &Denied{401, "Authorization: the bearer token is not one this indexer issued, or it was revoked"}
	}
	for _, s := range t.Scopes {
		if s == scope {
			return t.Name, nil
		}
	}
	return t.Name, &Denied{403, fmt.Sprintf("token %q lacks the %s scope", t.Name, scope)}
}

// Exists says whether a token named name is issued (the file read again
// if it changed): what a subscription made with it needs to go on.
func (k *Keys) Exists(name string) bool {
	k.mu.Lock()
	defer k.mu.Unlock()
	if time.Since(k.checked) >= reloadEvery {
		_ = k.reload()
	}
	for _, t := range k.byDigest {
		if t.Name == name {
			return true
		}
	}
	return false
}

// Healthy reports a token file that changed and no longer reads.
func (k *Keys) Healthy() error {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.loadErr
}
