"""Make the README pictures: one chart and one highlighted article.

    .venv/bin/python docs/make_images.py

The chart comes from medialit.charts; the highlighted article is rendered by
Debian's Chromium (headless, via playwright) from medialit.highlight's HTML.
"""
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import medialit  # noqa: E402
from medialit import charts  # noqa: E402

OUT = Path(__file__).resolve().parent / "img"


def main() -> None:
    OUT.mkdir(exist_ok=True)
    corpus = medialit.load_corpus()
    fig = charts.plot_source_types(medialit.profile(corpus))
    fig.savefig(OUT / "source_types.png", dpi=110, bbox_inches="tight", metadata={"Software": None})
    body = corpus.set_index("article_id").loc["002", "body"]
    excerpt = "\n\n".join(body.split("\n\n")[:5])
    html = medialit.highlight(excerpt, title="Article 002, first paragraphs")._repr_html_()
    page = OUT.parent / "highlight_preview.html"
    page.write_text(f"<html><body style='font-family:sans-serif;max-width:900px'>{html}</body></html>", encoding="utf-8")
    from playwright.sync_api import sync_playwright

    from medialit.browser import find_chromium

    hit = find_chromium()
    if hit is None:
        raise SystemExit("no Chromium found: run 'make browser' first")

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(hit[0]),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )
        tab = browser.new_page(viewport={"width": 940, "height": 600})
        tab.goto(page.as_uri())
        tab.screenshot(path=str(OUT / "highlight.png"), full_page=True)
        browser.close()
    page.unlink()


if __name__ == "__main__":
    main()
