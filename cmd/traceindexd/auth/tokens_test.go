package auth

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestTokensAreStoredHashedAndScoped(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tokens.json")
	erp, err := Issue(path, "erp", []string{ScopeCapture, ScopeQuery})
	require.NoError(t, err)
	reader, err := Issue(path, "dashboard", []string{ScopeQuery})
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(erp, tokenPrefix))

	bz, err := os.ReadFile(path)
	require.NoError(t, err)
	require.NotContains(t, string(bz), erp[len(tokenPrefix):], "the file keeps digests only")
	require.Contains(t, string(bz), digest(erp))
	st, err := os.Stat(path)
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o600), st.Mode().Perm())

	keys, err := NewKeys(path)
	require.NoError(t, err)
	name, denied := keys.Check("Bearer "+erp, ScopeCapture)
	require.Nil(t, denied)
	require.Equal(t, "erp", name)
	_, denied = keys.Check("bearer "+reader, ScopeQuery)
	require.Nil(t, denied)

	for header, status := range map[string]int{
		"":                    401,
		"Basic " + erp:        401,
		"Bearer":              401,
		"Bearer tcx_forged":   401,
		"Bearer " + erp + "x": 401,
		"Bearer " + reader:    403, // query scope only
	} {
		_, denied := keys.Check(header, ScopeCapture)
		require.NotNil(t, denied, header)
		require.Equal(t, status, denied.Status, header)
	}

	_, err = Issue(path, "erp", []string{ScopeQuery})
	require.ErrorContains(t, err, "exists")
	_, err = Issue(path, "x", []string{"admin"})
	require.ErrorContains(t, err, `scope "admin"`)
	_, err = Issue(path, "../x", []string{ScopeQuery})
	require.ErrorContains(t, err, "name")

	// Revoking takes effect without a restart.
	require.NoError(t, Revoke(path, "erp"))
	keys.mu.Lock()
	keys.checked = time.Time{}
	keys.modified = time.Time{}
	keys.mu.Unlock()
	_, denied = keys.Check("Bearer "+erp, ScopeCapture)
	require.NotNil(t, denied)
	require.Equal(t, 401, denied.Status)
	listed, err := List(path)
	require.NoError(t, err)
	require.Len(t, listed, 1)
	require.Equal(t, "dashboard", listed[0].Name)
}

func TestABrokenTokenFileKeepsTheLastGoodTokens(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tokens.json")
	tok, err := Issue(path, "erp", []string{ScopeQuery})
	require.NoError(t, err)
	keys, err := NewKeys(path)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(path, []byte("{not json"), 0o600))
	keys.mu.Lock()
	keys.checked = time.Time{}
	keys.mu.Unlock()
	_, denied := keys.Check("Bearer "+tok, ScopeQuery)
	require.Nil(t, denied)
	require.Error(t, keys.Healthy())
}

// A token issued while the indexer runs works at its first request.
func TestATokenWorksAsSoonAsItIsIssued(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tokens.json")
	_, err := Issue(path, "a", []string{ScopeQuery})
	require.NoError(t, err)
	keys, err := NewKeys(path)
	require.NoError(t, err)
	tok, err := Issue(path, "b", []string{ScopeCapture})
	require.NoError(t, err)
	_, denied := keys.Check("Bearer "+tok, ScopeCapture)
	require.Nil(t, denied)
}
