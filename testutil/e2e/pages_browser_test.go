//go:build e2e

package e2e

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"
)

// chromium is the headless browser the page tests drive (CHROMIUM_BIN, or
// Debian's chromium, which `make test-e2e` installs when missing).
func chromium(t *testing.T) string {
	if p := os.Getenv("CHROMIUM_BIN"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Fatal("no Chromium: `make test-e2e` installs Debian's chromium package")
	return ""
}

// browse opens a page in headless Chromium as a phone would, and returns a
// context to drive it.
func browse(t *testing.T, lang string) context.Context {
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium(t)), chromedp.NoSandbox, chromedp.WindowSize(412, 915),
		chromedp.Flag("lang", lang), chromedp.Flag("accept-lang", lang))
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(alloc)
	ctx, cancelTimeout := context.WithTimeout(ctx, time.Minute)
	t.Cleanup(func() { cancelTimeout(); cancel(); cancelAlloc() })
	return ctx
}

// screenshot writes a full-page screenshot under build/screenshots.
func screenshot(t *testing.T, ctx context.Context, name string) {
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	require.NoError(t, err)
	dir := filepath.Join("..", "..", "build", "screenshots")
	require.NoError(t, os.MkdirAll(dir, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, name), png, 0o644))
}

// checkTheFlourPageInABrowser scans the demo's flour lot as a shopper's
// phone would: the page shows where the flour came from, its journey, the
// cold-chain plot with the excursion marked, the wheat's organic
// certification, and — the wheat having been recalled — the recall banner
// above everything else.
func checkTheFlourPageInABrowser(t *testing.T, ix *indexer) {
	page := "http://" + ix.addr + "/01/06902345543218/10/FL-A"
	for _, lang := range []string{"en-US", "zh-CN"} {
		ctx := browse(t, lang)
		require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(page), chromedp.WaitVisible(chromedp.CSS("h1"))), lang)
		title, err := chromedp.Run(ctx, chromedp.Title())
		require.NoError(t, err)
		text, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("body")))
		require.NoError(t, err)
		excursions, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("svg circle.excursion").length`))
		require.NoError(t, err)
		banners, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("[role=alert]").length`))
		require.NoError(t, err)
		bannerTop, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`document.querySelector("[role=alert]").getBoundingClientRect().top`))
		require.NoError(t, err)
		headingTop, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`document.querySelector("h1").getBoundingClientRect().top`))
		require.NoError(t, err)
		require.Contains(t, title, "Wheat flour")
		require.Positive(t, excursions, "the excursion is marked on the plot")
		require.Equal(t, 1, banners, "the recall banner")
		require.Less(t, bannerTop, headingTop, "the banner comes before anything else")
		if strings.HasPrefix(lang, "zh") {
			for _, want := range []string{"此产品已被召回", "产地来源", "有机认证", "流通过程", "冷链温度"} {
				require.Contains(t, text, want, lang)
			}
			screenshot(t, ctx, "consumer-page-zh.png")
			continue
		}
		for _, want := range []string{"This product has been recalled", "Where it came from", "Harvested", "Green Valley Wheat Farm, field 1", "Organic", "valid", "Its journey", "Packed", "Cold chain"} {
			require.Contains(t, text, want, lang)
		}
		screenshot(t, ctx, "consumer-page-en.png")
		t.Logf("the flour lot's page in Chromium (%s): %d excursion(s) marked, the recall banner first; text:\n%s", lang, excursions, text)
	}
}
