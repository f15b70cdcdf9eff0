#!/usr/bin/env python3
"""Drives a headless Chromium (Selenium, Debian's chromium-driver) over a built site, for the tests.

The site is served by a web server this script starts on a free 127.0.0.1 port (http.server, on a
thread of its own) and stops before it exits, whatever happens; nothing but loopback is contacted.

  site_browser.py search SITE URL_PATH          results of the search box on that page (?q=… in the path)
  site_browser.py status SITE URL_PATH [--file] [--no-js]
                                                what the search box says (--file: opened from disk)
  site_browser.py axe SITE URL_PATH...          axe-core's serious and critical violations per page

Prints one JSON document on standard output; exits 0 when it could do what was asked (a failing
check is in the JSON, for the test to judge), 2 for bad arguments, 1 when the browser failed.
"""

import functools
import http.server
import json
import os
import shutil
import sys
import threading


def browser(javascript=True):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1280,1600", "--no-first-run", "--disable-extensions",
                     "--disable-background-networking", "--disable-sync", "--disable-component-update"):
        options.add_argument(argument)
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium:
        options.binary_location = chromium
    driver = shutil.which("chromedriver") or "/usr/bin/chromedriver"
    return webdriver.Chrome(service=Service(executable_path=driver), options=options)


class Server:
    """A static web server on a free loopback port, serving one folder, quietly."""

    def __init__(self, folder):
        class Quiet(http.server.SimpleHTTPRequestHandler):
            def log_message(self, *args):
                pass

        handler = functools.partial(Quiet, directory=folder)
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return "http://127.0.0.1:%d" % self.httpd.server_address[1]

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(5)


def wait_for_search(driver, timeout=20):
    from selenium.webdriver.support.ui import WebDriverWait

    def settled(d):
        return d.execute_script(
            "var s = document.querySelector('.site-search p.search-status[aria-live]');"
            "return s && s.textContent.trim().length > 0;")

    WebDriverWait(driver, timeout).until(settled)


def search(site, path):
    with Server(site) as base:
        driver = browser()
        try:
            driver.get(base + "/" + path.lstrip("/"))
            wait_for_search(driver)
            results = driver.execute_script(
                "return Array.from(document.querySelectorAll('.search-results li')).map(function (li) {"
                "  var a = li.querySelector('a'); return {href: a.getAttribute('href'), title: a.textContent,"
                "  text: li.textContent}; });")
            status = driver.execute_script(
                "return document.querySelector('.site-search p.search-status[aria-live]').textContent;")
            return {"status": status, "results": results}
        finally:
            driver.quit()


def status(site, path, from_disk, javascript):
    def read(driver, url):
        driver.get(url)
        if javascript:
            wait_for_search(driver, timeout=10)
        return driver.execute_script(
            "var box = document.querySelector('.site-search'); if (!box) return null;"
            "var form = box.querySelector('form');"
            "return {text: box.innerText, form_hidden: form.hidden};")

    driver = browser(javascript=javascript)
    try:
        if from_disk:
            return read(driver, "file://" + os.path.abspath(os.path.join(site, path)))
        with Server(site) as base:
            url = base + "/" + path.lstrip("/")
            if javascript:
                driver.get(url)
                return driver.execute_script(
                    "var box = document.querySelector('.site-search'); var form = box.querySelector('form');"
                    "return {text: box.innerText, form_hidden: form.hidden};")
            return read(driver, url)
    finally:
        driver.quit()


def axe(site, paths):
    from axe_selenium_python import Axe

    report = []
    with Server(site) as base:
        driver = browser()
        try:
            for path in paths:
                driver.get(base + "/" + path.lstrip("/"))
                checker = Axe(driver)
                checker.inject()
                results = checker.run()
                bad = [
                    {"id": v["id"], "impact": v["impact"], "help": v["help"],
                     "nodes": [n.get("html", "")[:200] for n in v.get("nodes", [])][:5]}
                    for v in results["violations"] if v.get("impact") in ("serious", "critical")
                ]
                report.append({"page": path, "checked": len(results.get("passes", [])), "violations": bad})
        finally:
            driver.quit()
    return report


def main(argv):
    if len(argv) < 3 or argv[0] not in ("search", "status", "axe"):
        print(__doc__, file=sys.stderr)
        return 2
    command, site, rest = argv[0], argv[1], argv[2:]
    try:
        if command == "search":
            result = search(site, rest[0])
        elif command == "status":
            paths = [a for a in rest if not a.startswith("--")]
            result = status(site, paths[0], "--file" in rest, "--no-js" not in rest)
        else:
            result = axe(site, rest)
    except Exception as error:  # the browser or the driver failed: say what happened
        print("site_browser: %s: %s" % (type(error).__name__, error), file=sys.stderr)
        return 1
    json.dump(result, sys.stdout, ensure_ascii=False)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
