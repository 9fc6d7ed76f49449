#!/usr/bin/env python
"""Take the documentation's screenshots from a running Vivier with the demo data.

    make run                      # in one terminal
    .venv/bin/python tools/screenshots.py [--base http://127.0.0.1:8000]

Signs in with the demo recruiter (password and authenticator secret from
var/demo-credentials.txt) and writes PNGs into docs/images/.
"""

import argparse
import base64
import hashlib
import hmac
import os
import re
import struct
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
IMAGES = ROOT / "docs" / "images"


DEMO_RECRUITER = "yannick.kerbrat@region-armor-ocean.example"


def demo_credentials() -> tuple[str, str]:
    """The demo accounts' password and the recruiter's authenticator secret."""
    var = Path(os.environ.get("VIVIER_VAR_DIR", ROOT / "var"))
    lines = (var / "demo-credentials.txt").read_text().splitlines()
    password = lines[0].split()[-1]
    start = next(index for index, line in enumerate(lines) if line.startswith(DEMO_RECRUITER))
    secret = parse_qs(urlsplit(lines[start + 1].strip()).query)["secret"][0]
    return password, secret


def totp_code(secret: str) -> str:
    """RFC 6238, as an authenticator app computes it."""
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", int(time.time() // 30)), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return str((struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 10**6).zfill(6)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    IMAGES.mkdir(parents=True, exist_ok=True)
    email, (password, secret) = DEMO_RECRUITER, demo_credentials()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=args.chromium,
            headless=True,
            args=["--no-sandbox", "--disable-background-networking"],
        )
        page = browser.new_page(viewport={"width": 1280, "height": 860}, locale="fr-FR")
        page.goto(args.base + "/")
        page.screenshot(path=str(IMAGES / "careers-site.png"))
        page.goto(args.base + "/offres/")
        page.screenshot(path=str(IMAGES / "offer-list.png"))
        page.goto(args.base + "/accounts/login/")
        page.fill("#id_login", email)
        page.fill("#id_password", password)
        page.locator("form button[type=submit]").first.click()
        page.wait_for_url(re.compile(r"/accounts/2fa/authenticate/"))
        page.fill("#id_code", totp_code(secret))
        page.locator("form button[type=submit]").first.click()
        page.wait_for_url(re.compile(r"/app/"))
        page.goto(args.base + "/app/offers/")
        # The offer with the most applications makes the liveliest board.
        links = page.locator("td.number a")
        counts = [int(text) for text in links.all_inner_texts()]
        links.nth(counts.index(max(counts))).click()
        page.set_viewport_size({"width": 1700, "height": 900})
        page.wait_for_selector(".board")
        page.screenshot(path=str(IMAGES / "pipeline-board.png"))
        browser.close()
    print("Screenshots written to", IMAGES)


if __name__ == "__main__":
    main()
