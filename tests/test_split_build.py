"""Two processes share a build's pages: each takes its part, and the child's failure is the build's."""

from __future__ import annotations

import logging
import os
import signal
import time


from generator.mkdocs_plugin.split import ElsewherePage, PageSplit, can_fork


def _run_child(body) -> str | None:
    """Fork a PageSplit; the child runs ``body(split)`` and must end in finish_child."""
    uris = [f"tutoring/p{i}.md" for i in range(10)]
    split = PageSplit.fork(uris, child_share=0.6)
    if split.is_child:
        try:
            body(split)
        finally:  # never return into pytest in the child
            split.finish_child(failed=True, strict=False)
    try:
        assert len(split.skipped) == 6  # the child's part: 60 %, spread over the list
        assert split.skipped < set(uris)
        return split.wait()
    finally:
        split.close()


def test_child_that_writes_its_pages_is_success():
    assert _run_child(lambda split: split.finish_child(failed=False, strict=True)) is None


def test_failed_child_fails_the_build():
    failure = _run_child(lambda split: split.finish_child(failed=True, strict=False))
    assert failure is not None and "кодом 1" in failure


def test_warning_in_the_child_fails_a_strict_build_only():
    def warn(strict: bool):
        def body(split):
            logging.getLogger("mkdocs.structure.pages").warning("ссылка в никуда")
            split.finish_child(failed=False, strict=strict)
        return body

    assert _run_child(warn(strict=False)) is None
    assert "кодом 1" in _run_child(warn(strict=True))


def test_interrupted_child_leaves_at_once():
    def interrupted(split):
        os.kill(os.getpid(), signal.SIGINT)  # Ctrl+C: no KeyboardInterrupt, no clean-up of the parent's
        time.sleep(5)

    failure = _run_child(interrupted)
    assert failure is not None and f"кодом {128 + signal.SIGINT}" in failure


def test_page_of_the_other_process_costs_nothing_here():
    class FakePage:
        def __init__(self):
            self.markdown, self.meta, self.content, self.title = None, {}, None, "Страница"

    page = FakePage()
    stand_in = ElsewherePage(page)
    stand_in.read_source(config=None)
    stand_in.render(config=None, files=None)
    assert page.markdown == "" and page.content == "" and page.meta == {"template": "bank-elsewhere.html"}
    assert stand_in.title == "Страница"  # everything else is the page's own
    stand_in.title = "Другая"
    assert page.title == "Другая"


def test_serve_never_forks():
    assert not can_fork("serve")
    assert can_fork("gh-deploy") is False


def test_a_plugin_that_may_gather_from_every_page_keeps_one_process():
    from generator.mkdocs_plugin.split import unsafe_plugins

    assert unsafe_plugins(["material/privacy", "practice-bank"]) == []
    assert unsafe_plugins(["practice-bank", "material/search", "material/tags"]) == ["material/search", "material/tags"]
