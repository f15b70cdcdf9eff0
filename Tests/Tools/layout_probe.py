#!/usr/bin/env python3
"""Lays a page out in headless Chromium (Selenium and chromium-driver) and prints where things are.

Usage: layout_probe.py URL --widths 390,1280 [--select CSS]... [--screenshots DIR]

For every width, the viewport is set to exactly that many CSS pixels (device scale 1, so media queries
see that width) and the height of its content (the body's bottom edge and margin) and its scrollWidth are measured; for every selector, each matching element's
box (left, top, right, bottom, in CSS pixels from the top of the document) and its scrollWidth and
clientWidth (content wider than its box shows as scrollWidth > clientWidth). With --screenshots, a PNG
of the whole page per width goes to DIR/<width>.png. Prints one JSON object keyed by width.
"""
import argparse
import json
import os
import shutil
import sys
import tempfile

os.environ.setdefault("SE_OFFLINE", "true")  # never let Selenium Manager look for drivers online

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402

MEASURE = """
const boxes = {};
for (const selector of arguments[0]) {
  boxes[selector] = Array.from(document.querySelectorAll(selector)).map((element) => {
    const box = element.getBoundingClientRect();
    return {left: box.left + scrollX, top: box.top + scrollY, right: box.right + scrollX, bottom: box.bottom + scrollY,
            scrollWidth: element.scrollWidth, clientWidth: element.clientWidth};
  });
}
const body = document.body.getBoundingClientRect();
const content = Math.ceil(body.bottom + scrollY + parseFloat(getComputedStyle(document.body).marginBottom));
return {viewport: innerWidth, height: content, scrollWidth: document.documentElement.scrollWidth, boxes: boxes};
"""


def find(*names):
    for name in names:
        path = shutil.which(name)
        if path:
            return path
    sys.exit(f"none of {', '.join(names)} is installed: run `make deps`")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("--widths", required=True)
    parser.add_argument("--select", action="append", default=[])
    parser.add_argument("--screenshots")
    arguments = parser.parse_args()

    options = webdriver.ChromeOptions()
    options.binary_location = find("chromium", "chromium-browser", "google-chrome")
    profile = tempfile.mkdtemp(prefix="gazette-probe-")
    for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--disable-dev-shm-usage",
                 "--force-device-scale-factor=1", f"--user-data-dir={profile}", "--window-size=1400,1000"]:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(find("chromedriver")), options=options)
    result = {}
    try:
        for width in [int(value) for value in arguments.widths.split(",")]:
            driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                   {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": False})
            driver.get(arguments.url)
            measured = driver.execute_script(MEASURE, arguments.select)
            if arguments.screenshots:
                # The whole page: a viewport as tall as the content, then a screenshot of it.
                driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                       {"width": width, "height": measured["height"], "deviceScaleFactor": 1, "mobile": False})
                with open(os.path.join(arguments.screenshots, f"{width}.png"), "wb") as png:
                    png.write(driver.get_screenshot_as_png())
            result[str(width)] = measured
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
