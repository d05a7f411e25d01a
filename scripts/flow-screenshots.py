"""Screenshots for docs/ of one workshop as a person runs it (issue 13), live.

Run under Xvfb with a private PulseAudio (the same path as a real call):

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python scripts/flow-screenshots.py

Group 4's facilitator starts webinar 2, marks who speaks in Turns, and ten
minutes into the core questions the "not heard yet" prompt names the people
Turns has not heard (flow-not-heard-prompt.png, with the status line saying
what is due); finishing the run asks what to keep of the participation
(flow-participation-choice.png). The lead sees who has sent notes
(lead-who-has-sent-notes.png) and the themes that look alike
(lead-look-alike-themes.png, lead-join-look-alike.png). Then a participant opens
``companion --captions``: large captions of real speech on top of the call
(participant-mode.png).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ["COMPANION_HOME"] = tempfile.mkdtemp(prefix="companion-flow-shots-")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication  # noqa: E402
from PySide6.QtWidgets import QLabel  # noqa: E402
from shots import screen, spin, wait_until  # noqa: E402

from companion.clock import ManualClock  # noqa: E402
from companion.turns.roster import MemberDetails  # noqa: E402
from tests.pulse import PrivatePulse  # noqa: E402
from tests.speech_audio import make_speech_wav  # noqa: E402
from ui.app import build_window, create_application, start_in_mode  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
MIN = 60.0
ROSTER = [
    MemberDetails("Siobhán Ní Bhriain", pronouns="she/her"),
    MemberDetails("Bartosz Nowak"),
    MemberDetails("Mei-Ling Chen", pronouns="she/her"),
    MemberDetails("Dr Jonathan Whitworth-Pemberton", pronouns="he/him", call_me="Jon"),
    MemberDetails("Amara Okafor", pronouns="she/her"),
    MemberDetails("Kwame Mensah", pronouns="he/him"),
]
SPEECH = (
    "Welcome back everyone. In this part we will look at what inclusive leadership "
    "looks like in your own team. Take a moment to think of one example."
)


def facilitator() -> None:
    window = build_window()
    window.settings_store.update(mode="facilitate")
    window.resize(1300, 740)
    window.move(0, 0)
    window.show()
    facilitate, turns, notes = (window.tabs.widget(i) for i in (1, 2, 3))
    clock = ManualClock()
    facilitate.driver.clock = clock
    turns.driver.clock = clock
    facilitate.select_plan("webinar-2-shared-understanding")
    facilitate.chooser.group_combo.setEditText("Group 4")
    facilitate.start()
    wait_until(lambda: turns.driver.group_name == "Group 4")
    turns.driver.roster.add_many(ROSTER)
    members = turns.driver.roster.members

    def talk(seconds: float) -> None:
        end = clock.now + seconds
        while clock.now < end:
            clock.now = min(end, clock.now + 10)
            turns.driver.tick()
            facilitate.driver.tick()

    turns.driver.mark(members[0].id)  # Siobhán opens, then Amara
    talk(25 * MIN)
    facilitate.driver.skip()  # on to Check-in
    turns.driver.mark(members[4].id)
    talk(10 * MIN)
    facilitate.driver.skip()  # on to the core questions
    turns.driver.mark(members[0].id)
    talk(10 * MIN + 1)
    window.show_area(facilitate)
    spin(500)
    window.grab().save(str(OUT / "flow-not-heard-prompt.png"))

    window.show_area(turns)
    spin(500)
    window.grab().save(str(OUT / "flow-turns-with-due-prompt.png"))

    facilitate.finish()
    wait_until(lambda: turns.closing_dialog is not None)
    dialog = turns.closing_dialog
    dialog.facilitator.setText("Ada Okafor")
    spin(500)
    screen(OUT / "flow-participation-choice.png")
    dialog.file_button.click()
    window.show_area(notes)
    spin(500)
    window.grab().save(str(OUT / "flow-notes-participation.png"))
    lead_view(window)
    window.close()


def lead_view(window) -> None:  # type: ignore[no-untyped-def]
    """The lead, after the session: which of the ten groups have sent their notes."""
    from companion.notes.model import NoteKind

    notes, lead = window.tabs.widget(3), window.tabs.widget(4)
    notebook = notes.notebook
    place = window.tabs.widget(1).driver.workshop.place
    for group, said in (
        ("Group 1", "Leadership is listening before deciding."),
        ("Group 2", "Collective leadership means sharing the chair."),
        ("Group 5", "Juniors rarely speak first in our meetings."),
        ("Group 7", "Inclusion starts with who gets invited."),
        ("Group 8", "We rotate who writes the notes."),
        ("Group 10", "Asking for views before the senior person speaks."),
    ):
        session_id, group_id = notebook.start_session(
            place.programme, place.session, group, ["Core questions"], session_id=place.session_id
        )
        section = notebook.notes.sections(session_id, group_id)[0]
        notebook.notes.add(section.id, NoteKind.NOTE, said)
    window.show_area(lead)
    lead.show_programme(place.programme_id)
    lead.session.setCurrentIndex(lead.session.findData(place.session_id))
    lead.refresh()
    lead.tabs.setCurrentWidget(lead.senders)
    lead.senders.expected.setPlainText("\n".join(f"Group {n}" for n in range(1, 11)))
    spin(500)
    window.grab().save(str(OUT / "lead-who-has-sent-notes.png"))
    look_alike_themes(window, place)


def look_alike_themes(window, place) -> None:  # type: ignore[no-untyped-def]
    """Three groups named one theme three ways: the board says so, and offers to join them."""
    from companion.store.db import ensure_group

    notes, lead = window.tabs.widget(3), window.tabs.widget(4)
    book = notes.notebook
    for group, theme_name in (
        ("Group 1", "Voice & inclusion"),
        ("Group 2", "Voice and inclusion"),
        ("Group 5", "voice and inclusions"),
        ("Group 7", "Psychological safety"),
        ("Group 8", "Psycological safety"),
    ):
        group_id = ensure_group(book.db, place.programme_id, group)
        for note in book.notes.notes(place.session_id, group_id):
            book.themes.tag(note.id, book.themes.ensure(place.programme_id, theme_name).id)
    lead.refresh()
    lead.tabs.setCurrentIndex(0)
    spin(500)
    window.grab().save(str(OUT / "lead-look-alike-themes.png"))
    dialog = lead.alike.ask_join()
    spin(500)
    screen(OUT / "lead-join-look-alike.png")
    dialog.reject()


def participant(pulse: PrivatePulse) -> None:
    call = QLabel("Video call (stand-in)")
    call.setAlignment(Qt.AlignmentFlag.AlignCenter)
    call.setStyleSheet("background:#30343a; color:#d0d4da; font-size:28pt;")
    call.setGeometry(QGuiApplication.primaryScreen().geometry())
    call.show()
    window = build_window()
    window.settings_store.update(engine="whisper", source="system", theme="yellow-on-black")
    window.show()
    start_in_mode(window, captions_only=True)  # as `companion --captions`
    view = window.captions
    view.start_action.trigger()
    wait_until(lambda: "Listening" in view.controls.state_label.text())
    pulse.play(make_speech_wav(SPEECH))
    wait_until(lambda: "example" in view.display.toPlainText().lower())
    detached = view.caption_window
    assert detached is not None
    room = QGuiApplication.primaryScreen().availableGeometry()
    detached.resize(1100, detached.height())
    detached.move(130, room.bottom() - detached.height() - 30)
    window.resize(300, 330)  # pushed small, out of the call's way: it stays as wide as its controls
    window.move(room.right() - window.width(), 0)
    detached.raise_()
    spin(800)
    screen(OUT / "participant-mode.png")
    view.start_action.trigger()
    view.set_detached(False)
    window.close()
    call.close()


def main() -> int:
    app = create_application(sys.argv[:1])
    facilitator()
    with PrivatePulse() as pulse:
        participant(pulse)
    app.processEvents()
    print("Screenshots in", OUT)
    return 0


if __name__ == "__main__":
    sys.exit(main())
