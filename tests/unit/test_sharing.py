"""Sharing captions with the call (#17): against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest

from companion.events import Caption
from companion.sharing import (
    CaptionSender,
    CaptionSent,
    SharingError,
    SharingEvent,
    SharingFailed,
    SharingStarted,
    SharingStopped,
    caption_chunks,
    parse_caption_url,
)
from companion.sharing.lines import PhraseJoiner
from tests.caption_server import CaptionServer

ZOOM = (
    "https://wmcapi.zoom.us/closedcaption?id=200610693&ns=GZHkEA==&expire=86400"
    "&spparams=id%2Cns%2Cexpire&signature=nYtXJqRKCW"
)
TEAMS = "https://api.captions.office.microsoft.com/cartcaption?meetingid=abc&token=TOPSECRET"


def final(text: str) -> Caption:
    return Caption("final", text, 0.0, 1.0)


class Recorder:
    def __init__(self) -> None:
        self.events: list[SharingEvent] = []
        self._cond = threading.Condition()

    def __call__(self, event: SharingEvent) -> None:
        with self._cond:
            self.events.append(event)
            self._cond.notify_all()

    def wait_for(self, kind: type, count: int = 1, timeout: float = 10.0) -> list[SharingEvent]:
        with self._cond:
            ok = self._cond.wait_for(
                lambda: sum(isinstance(e, kind) for e in self.events) >= count, timeout
            )
        assert ok, f"no {kind.__name__} after {timeout} s: {self.events}"
        return [e for e in self.events if isinstance(e, kind)]


@pytest.fixture
def server() -> Iterator[CaptionServer]:
    served = CaptionServer()
    yield served
    served.stop()


def make_sender(url: str, **options: float) -> tuple[CaptionSender, Recorder]:
    sender = CaptionSender(
        parse_caption_url(url),
        timeout=options.pop("timeout", 2.0),
        backoff=(0.05, 0.1, 0.2),
        max_pending=int(options.pop("max_pending", 200)),
    )
    recorder = Recorder()
    sender.events.connect(recorder)
    return sender, recorder


# -- which URLs ----------------------------------------------------------------


def test_zoom_meeting_and_breakout_room_urls_are_recognised() -> None:
    target = parse_caption_url(ZOOM)
    assert (target.platform, target.breakout) == ("zoom", False)
    room = parse_caption_url(ZOOM + "&subconfid=R2")
    assert room.breakout
    assert room.post_url(7, "en-US").endswith("&subconfid=R2&seq=7&lang=en-US")
    assert (
        room.seq_url() == ZOOM.replace("/closedcaption?", "/closedcaption/seq?") + "&subconfid=R2"
    )


def test_teams_cart_link_is_recognised_and_has_no_seq_lookup() -> None:
    target = parse_caption_url(TEAMS)
    assert target.platform == "teams"
    assert target.seq_url() is None


def test_a_pasted_seq_is_replaced_not_repeated() -> None:
    target = parse_caption_url(ZOOM + "&seq=12&lang=de-DE")
    assert target.post_url(1, "en-US").count("seq=") == 1
    assert "lang=de-DE" not in target.post_url(1, "en-US")


@pytest.mark.parametrize(
    "url",
    [
        "http://wmcapi.zoom.us/closedcaption?id=1&signature=x",  # not https
        "https://zoom.us.example.com/closedcaption?id=1",  # not Zoom's host
        "https://example.com/closedcaption?id=1",
        "https://wmcapi.zoom.us/somewhere?id=1",  # not the caption path
        "https://api.captions.office.microsoft.com/cartcaption?meetingid=1",  # no token
        "http://192.168.1.5/closedcaption?id=1",  # plain http only to this machine
        "ftp://127.0.0.1/closedcaption?id=1",
        "not a link at all",
        "",
    ],
)
def test_anything_else_is_refused_with_a_sentence(url: str) -> None:
    with pytest.raises(SharingError) as refused:
        parse_caption_url(url)
    message = str(refused.value)
    assert message.endswith(".")
    assert "Zoom" in message or "Teams" in message


def test_the_secret_never_shows() -> None:
    for url, secret in ((ZOOM, "nYtXJqRKCW"), (TEAMS, "TOPSECRET")):
        target = parse_caption_url(url)
        assert secret not in target.masked
        assert secret not in repr(target)
    assert parse_caption_url(TEAMS).masked.startswith("https://api.captions.office.microsoft.com/")


# -- readable lines --------------------------------------------------------------


def test_finals_become_two_line_chunks_broken_at_phrases() -> None:
    text = (
        "So what we heard today, from the people in the trio interviews, was that "
        "support needs to sit much closer to the ward and to the people who do the work."
    )
    chunks = caption_chunks(text)
    lines = [line for chunk in chunks for line in chunk.split("\n")]
    assert all(len(chunk.split("\n")) <= 2 for chunk in chunks)
    assert all(len(line) <= 42 for line in lines)
    assert " ".join(lines) == text  # nothing lost or reordered
    assert lines[0] == "So what we heard today,"  # the break falls after the phrase


# -- delivery ---------------------------------------------------------------------


def test_finals_arrive_in_order_as_plain_text_with_seq_rising_by_one(
    server: CaptionServer,
) -> None:
    server.last_seq = 41  # the meeting already accepted 41 captions (a restart)
    sender, events = make_sender(server.url())
    sender.start()
    sender.offer(Caption("partial", "hello wor", 0.0, 0.5))
    sender.offer(final("Hello everyone."))
    sender.offer(Caption("partial", "welcome to", 1.0, 1.5))
    sender.offer(final("Welcome to the group — café first."))
    accepted = server.wait_accepted(2)
    sender.stop()
    assert [r.body for r in accepted] == ["Hello everyone.", "Welcome to the group — café first."]
    assert [r.query["seq"] for r in accepted] == ["42", "43"]
    assert all(r.query["lang"] == "en-US" for r in accepted)
    assert all(r.headers["content-type"] == "text/plain; charset=utf-8" for r in accepted)
    assert all(r.query["signature"] == "SECRETSIG" for r in accepted)  # URL kept as pasted
    assert len(server.posts()) == 2  # the partials were never sent
    assert events.wait_for(SharingStarted)[0].first_seq == 42
    assert [e.seq for e in events.wait_for(CaptionSent, 2)] == [42, 43]
    assert events.wait_for(SharingStopped)[0].sent == 2


@pytest.mark.parametrize("code", [400, 403, 405, 408, 500, 503])
def test_a_failure_is_retried_with_the_same_seq(server: CaptionServer, code: int) -> None:
    server.fail_next(code, times=2)
    sender, events = make_sender(server.url())
    sender.start()
    sender.offer(final("First."))
    sender.offer(final("Second."))
    server.wait_accepted(2)
    sender.stop()
    posts = server.posts()
    assert [(r.status, r.query["seq"]) for r in posts] == [
        (code, "1"),
        (code, "1"),
        (200, "1"),
        (200, "2"),
    ]
    failed = events.wait_for(SharingFailed, 2)
    assert failed[0].pending == 2 and failed[0].message.endswith(".")
    assert ("has not started" in failed[0].message) == (code == 400)
    sent = events.wait_for(CaptionSent, 2)
    assert (sent[0].attempts, sent[1].attempts) == (3, 1)


def test_a_stall_longer_than_the_timeout_is_retried_and_captions_do_not_wait(
    server: CaptionServer,
) -> None:
    server.stall_next(1.5)
    sender, events = make_sender(server.url(), timeout=0.3)
    sender.start()
    events.wait_for(SharingStarted)
    started = time.monotonic()
    for n in range(30):  # a stream of finals while the server hangs
        sender.offer(final(f"Caption number {n}."))
    assert time.monotonic() - started < 0.1  # offering never waits on the network
    failed = events.wait_for(SharingFailed)
    assert "did not answer within 0.3 seconds" in failed[0].message
    accepted = server.wait_accepted(30, timeout=20)
    sender.stop()
    delivered = {r.query["seq"]: r.body for r in accepted}  # a stalled POST may land twice
    assert list(delivered.values()) == [f"Caption number {n}." for n in range(30)]
    assert list(delivered) == [str(n) for n in range(1, 31)]


def test_a_server_that_was_down_receives_the_queued_lines_when_it_returns(
    server: CaptionServer,
) -> None:
    server.stop()
    sender, events = make_sender(server.url())
    sender.start()
    sender.offer(final("Said while the call was unreachable."))
    sender.offer(final("And this too."))
    failed = events.wait_for(SharingFailed)
    assert "cannot be reached" in failed[0].message
    server.start()  # same port
    accepted = server.wait_accepted(2)
    sender.stop()
    assert [r.body for r in accepted] == ["Said while the call was unreachable.", "And this too."]
    assert [r.query["seq"] for r in accepted] == ["1", "2"]


def test_a_long_outage_drops_the_oldest_lines_and_says_so(server: CaptionServer) -> None:
    server.stop()
    sender, events = make_sender(server.url(), max_pending=3)
    sender.start()
    events.wait_for(SharingStarted)
    for n in range(6):
        sender.offer(final(f"Line {n}."))
    failed = events.wait_for(SharingFailed, 2)
    assert sender.dropped >= 2
    assert "older caption lines were dropped" in failed[-1].message
    server.start()
    server.wait_accepted(3)
    sender.stop()
    bodies = [r.body for r in server.accepted]
    assert bodies[-2:] == ["Line 4.", "Line 5."]  # the newest are kept
    stopped = events.wait_for(SharingStopped)[0]
    assert stopped.dropped == sender.dropped


def test_teams_posts_each_chunk_as_one_line_without_a_seq_lookup(server: CaptionServer) -> None:
    url = server.url("/cartcaption", "meetingid=abc&token=TOPSECRET")
    sender, _ = make_sender(url)
    sender.start()
    sender.offer(
        final(
            "We agreed to read the chat aloud, and to describe every slide for Sam, "
            "and to break at the hour."
        )
    )
    accepted = server.wait_accepted(2)
    sender.stop()
    assert not [r for r in server.received if r.method == "GET"]
    assert all("\n" not in r.body and len(r.body) <= 84 for r in accepted)
    assert " ".join(r.body for r in accepted).startswith("We agreed to read the chat aloud,")


def test_stopping_can_wait_for_queued_lines_and_no_event_carries_the_secret(
    server: CaptionServer,
) -> None:
    sender, events = make_sender(server.url())
    sender.start()
    for n in range(5):
        sender.offer(final(f"Line {n}."))
    sender.stop("Stopped by you.", drain=10)
    stopped = events.wait_for(SharingStopped)[0]
    assert (stopped.reason, stopped.sent, stopped.unsent) == ("Stopped by you.", 5, 0)
    sender.offer(final("After the stop."))
    assert len(server.accepted) == 5
    assert not any("SECRETSIG" in repr(e) for e in events.events)


def test_stopping_a_sender_that_never_started_says_so_once() -> None:
    sender, events = make_sender(ZOOM)
    sender.stop()
    sender.stop()
    assert len([e for e in events.events if isinstance(e, SharingStopped)]) == 1


def test_short_finals_are_joined_into_one_line_until_the_sentence_ends(
    server: CaptionServer,
) -> None:
    sender = CaptionSender(parse_caption_url(server.url()), hold=30.0)
    sender.start()
    for words in ("So I think", "we should", "agree how we work.", "Then names"):
        sender.offer(final(words))
    accepted = server.wait_accepted(1)
    assert [r.body for r in accepted] == ["So I think we should agree how we work."]
    sender.stop(drain=10)  # the held words are not lost at the end
    assert [r.body for r in server.accepted][-1] == "Then names"


def test_held_words_go_after_the_hold_even_without_a_sentence_end(
    server: CaptionServer,
) -> None:
    sender = CaptionSender(parse_caption_url(server.url()), hold=0.2)
    sender.start()
    sender.offer(final("and then"))
    sender.offer(final("nobody spoke"))
    accepted = server.wait_accepted(1)
    sender.stop()
    assert [r.body for r in accepted] == ["and then nobody spoke"]


def test_a_sentence_goes_after_the_hold_and_its_trailing_fragment_waits_for_the_rest(
    server: CaptionServer,
) -> None:
    sender = CaptionSender(parse_caption_url(server.url()), hold=1.0)
    sender.start()
    sender.offer(final("Good morning, everyone. Let"))
    first = server.wait_accepted(1)
    assert first[0].body == "Good morning, everyone."
    sender.offer(final("us begin with names."))
    second = server.wait_accepted(2)
    sender.stop()
    assert second[1].body == "Let us begin with names."


def test_a_long_sentence_goes_line_by_line_and_its_last_words_wait() -> None:
    joiner = PhraseJoiner(hold=1.0, longest=3.0)
    ready: list[tuple[str, float]] = []
    for second, words in enumerate(["Let us begin with a round", "of names and then", "the first"]):
        ready += joiner.add(words, float(second))
    assert ready == []  # no sentence end, no pause, not too old yet
    assert joiner.due(2.0) == 1.0  # held at most ``longest`` seconds from the first words
    ready = joiner.flush_due(3.0)
    assert ready == [("Let us begin with a round of names and", 0.0)]  # the full line
    assert joiner.add("question.", 3.5) == [("then the first question.", 0.0)]


def test_a_gap_in_the_captions_is_one_short_honest_line_after_the_words_held(
    server: CaptionServer,
) -> None:
    from companion.events import CaptionGap

    sender = CaptionSender(parse_caption_url(server.url()), hold=30.0)
    sender.start()
    sender.offer(final("So I think"))  # held: the sentence has not ended
    sender.offer_gap(CaptionGap(4.0, 16.2, "behind"))
    accepted = server.wait_accepted(2)
    sender.stop(drain=10)
    # The words before the hole are not joined across it; Zoom shows the line in two.
    assert [r.body.replace("\n", " ") for r in accepted] == [
        "So I think",
        "[12 s not captioned: the captioning computer fell behind]",
    ]
