"""The report PDFs the app makes in the background (metrics.render.pdf.PdfJobs): each made once,
one at a time, the waiting work bounded, a failure tried again on the next press."""

from __future__ import annotations

import threading
import time

import pytest

from metrics.render.pdf import PdfJobs, PdfUnavailable


class Renderer:
    """A stand-in for WeasyPrint that counts its calls, can be held, and notes how many run at once."""

    def __init__(self, hold: bool = False) -> None:
        self.calls: list[str] = []
        self.release = threading.Event()
        if not hold:
            self.release.set()
        self.running = 0
        self.most_at_once = 0
        self.lock = threading.Lock()

    def __call__(self, html: str) -> bytes:
        with self.lock:
            self.calls.append(html)
            self.running += 1
            self.most_at_once = max(self.most_at_once, self.running)
        try:
            assert self.release.wait(10), "held too long"
            time.sleep(0.01)
            return b"%PDF of " + html.encode()
        finally:
            with self.lock:
                self.running -= 1


def test_a_pdf_begun_when_prepared_is_the_one_downloaded_and_made_once():
    render = Renderer()
    jobs = PdfJobs(render)
    assert jobs.start("<p>progress</p>")
    assert jobs.pdf("<p>progress</p>") == b"%PDF of <p>progress</p>"
    assert jobs.pdf("<p>progress</p>") == b"%PDF of <p>progress</p>"  # asked again: not made again
    assert jobs.start("<p>progress</p>")
    assert render.calls == ["<p>progress</p>"]
    assert jobs.pdf("<p>exception</p>") == b"%PDF of <p>exception</p>"  # another report: its own PDF
    assert render.calls == ["<p>progress</p>", "<p>exception</p>"]


def test_a_download_waits_for_the_pdf_under_way_instead_of_making_a_second():
    render = Renderer(hold=True)
    jobs = PdfJobs(render)
    jobs.start("<p>a</p>")
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(jobs.pdf("<p>a</p>")))
    reader.start()
    time.sleep(0.1)
    assert not got  # still being made
    render.release.set()
    reader.join(10)
    assert got == [b"%PDF of <p>a</p>"] and render.calls == ["<p>a</p>"]


def test_pdfs_are_made_one_at_a_time_even_when_readers_press_together():
    render = Renderer()
    jobs = PdfJobs(render)
    results: dict[int, bytes] = {}
    readers = [threading.Thread(target=lambda n=n: results.__setitem__(n, jobs.pdf(f"<p>{n}</p>"))) for n in range(5)]
    for reader in readers:
        reader.start()
    for reader in readers:
        reader.join(20)
    assert results == {n: f"%PDF of <p>{n}</p>".encode() for n in range(5)}
    assert render.most_at_once == 1


def test_no_more_than_two_unfinished_pdfs_are_begun_ahead_of_a_press():
    render = Renderer(hold=True)
    jobs = PdfJobs(render)
    assert jobs.start("<p>1</p>") and jobs.start("<p>2</p>")
    assert not jobs.start("<p>3</p>")  # the server is busy: this one is made when its button is pressed
    render.release.set()
    assert jobs.pdf("<p>3</p>") == b"%PDF of <p>3</p>"
    assert sorted(render.calls) == ["<p>1</p>", "<p>2</p>", "<p>3</p>"]


def test_a_failed_pdf_raises_its_error_and_is_tried_again_on_the_next_press():
    attempts: list[str] = []

    def render(html: str) -> bytes:
        attempts.append(html)
        if len(attempts) == 1:
            raise PdfUnavailable("PDF output needs WeasyPrint.")
        return b"%PDF"

    jobs = PdfJobs(render)
    jobs.start("<p>x</p>")
    with pytest.raises(PdfUnavailable, match="needs WeasyPrint"):
        jobs.pdf("<p>x</p>")
    assert jobs.pdf("<p>x</p>") == b"%PDF"
    assert attempts == ["<p>x</p>", "<p>x</p>"]


def test_only_the_last_few_pdfs_are_kept():
    render = Renderer()
    jobs = PdfJobs(render, keep=2)
    for html in ("<p>1</p>", "<p>2</p>", "<p>3</p>"):
        jobs.pdf(html)
    jobs.pdf("<p>3</p>")
    jobs.pdf("<p>2</p>")
    assert render.calls.count("<p>1</p>") == 1
    jobs.pdf("<p>1</p>")  # dropped as the oldest: made again
    assert render.calls.count("<p>1</p>") == 2 and len(render.calls) == 4


def test_when_no_pdf_is_asked_for_a_while_the_worker_is_told_once_in_its_own_thread():
    """The app closes the worker's Chromium then (it belongs to the worker's thread)."""
    told: list[str] = []
    render = Renderer()
    jobs = PdfJobs(render, idle_seconds=0.3, on_idle=lambda: told.append(threading.current_thread().name))
    made_in = []
    jobs._render = lambda html: (made_in.append(threading.current_thread().name), render(html))[1]
    for n in range(3):  # asked for again within the idle time: not told in between
        jobs.pdf(f"<p>{n}</p>")
        time.sleep(0.1)
    assert told == []
    deadline = time.monotonic() + 5
    while not told and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)
    assert len(told) == 1 and told[0] == made_in[0] and told[0].startswith("report-pdf")
    jobs.pdf("<p>again</p>")  # and the next PDF is made as before
    assert render.calls[-1] == "<p>again</p>"
