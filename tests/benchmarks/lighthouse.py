"""
`make lighthouse`: Lighthouse 12 (npx, Debian's Chromium) on the home page, a
demo post, the benchmark's long post, an author page and the directory
(`/authors/`) of a throwaway demo site, mobile and desktop; prints the four
category scores (-1: Lighthouse failed twice). Needs Node 20, and network
access for npx the first time. LIGHTHOUSE_REPORTS=folder keeps each JSON
report there, to read what cost a point.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import fetch, served_demo  # noqa: E402

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def lighthouse(url: str, desktop: bool, out: Path) -> dict[str, int]:
    command = [
        "npx",
        "--yes",
        "lighthouse@12",
        url,
        "--quiet",
        "--output=json",
        f"--output-path={out}",
        "--chrome-flags=--headless --no-sandbox --disable-gpu",
        f"--only-categories={','.join(CATEGORIES)}",
    ]
    if desktop:
        command.append("--preset=desktop")
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    # On a busy machine Lighthouse sometimes loses the trace (NO_NAVSTART): try again once.
    for attempt in (1, 2):
        if subprocess.run(command, env=env, timeout=240).returncode == 0:
            break
        if attempt == 2:
            return dict.fromkeys(CATEGORIES, -1)
    report = json.loads(out.read_text())
    return {name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES}


def main() -> int:
    with served_demo(workers=2) as site, tempfile.TemporaryDirectory() as tmp:
        home = fetch(site.port, "/")[1].decode()
        post = next(
            url
            for url in re.findall(r'href="(/blog/(?!category/|tag/)[^"/]+/)"', home)
            if url != site.long_url
        )
        author = re.findall(r'href="(/authors/[^"/]+/)"', home)[0]
        print(f"{'page':28} {'form':8} " + " ".join(f"{c:>14}" for c in CATEGORIES))
        failed = 0
        for path in ("/", post, site.long_url, author, "/authors/"):
            for desktop in (False, True):
                scores = lighthouse(
                    f"http://127.0.0.1:{site.port}{path}", desktop, Path(tmp) / "report.json"
                )
                failed += any(score < 0 for score in scores.values())
                form = "desktop" if desktop else "mobile"
                if (keep := os.environ.get("LIGHTHOUSE_REPORTS")) and scores["seo"] >= 0:
                    name = re.sub(r"\W+", "-", path).strip("-") or "home"
                    Path(keep).mkdir(parents=True, exist_ok=True)
                    shutil.copy(Path(tmp) / "report.json", Path(keep) / f"{name}-{form}.json")
                print(
                    f"{path[:28]:28} {form:8} " + " ".join(f"{scores[c]:>14}" for c in CATEGORIES),
                    flush=True,
                )
    if failed:
        print(f"Lighthouse could not score {failed} page(s) (-1 above).")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
