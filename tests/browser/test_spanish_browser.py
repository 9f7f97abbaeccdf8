"""The Spanish edition in Chromium: QR codes on printouts lead to the Spanish page, the decide
page speaks Spanish, and the language selector leads to the same page in the other language."""

from __future__ import annotations

from pathways import words

from support import decode_qr


def test_a_spanish_printout_qr_code_opens_the_spanish_page(real_site, browser):
    _, base = real_site
    page = browser.new_page()
    page.goto(f"{base}/es/after-epidural-injection/get-help-now/")
    src = page.locator(".pw-print-head img").evaluate("img => img.src")
    assert decode_qr(page, src) == "https://example.org/es/after-epidural-injection/get-help-now/"
    page.close()


def test_the_decide_page_speaks_spanish(real_site, browser):
    _, base = real_site
    said = words.catalogue("es")["flow"]
    page = browser.new_page()
    page.goto(f"{base}/es/after-epidural-injection/decide/")
    page.locator("section.pw-step:not([hidden]) .pw-answers li a").first.click()
    shown = page.locator("section.pw-step:not([hidden])")
    assert said["change"] in shown.locator(".pw-given").inner_text()
    assert page.evaluate("document.documentElement.lang") == "es"
    page.close()


def test_the_language_selector_leads_to_the_same_page(real_site, browser):
    _, base = real_site
    page = browser.new_page()
    page.goto(f"{base}/options/physical-therapy/")
    page.goto(page.locator('.md-select__link[hreflang="es"]').evaluate("a => a.href"))
    assert page.url == f"{base}/es/options/physical-therapy/"
    assert page.evaluate("document.documentElement.lang") == "es"
    page.close()
