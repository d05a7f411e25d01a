"""`companion plans list | show NAME [--format text|json] | check FILE`."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

from companion.cli.plans import EXIT_OK, EXIT_PROBLEMS, main
from companion.facilitation.library import user_plans_dir


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    old = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    try:
        code = main(list(argv))
    finally:
        sys.stdout, sys.stderr = old
    return code, out.getvalue(), err.getvalue()


def test_list_shows_every_plan_and_broken_ones_with_their_reason() -> None:
    (user_plans_dir() / "oops.toml").write_text('title = "Oops"\n[[segments]]\ntitle = "A"\n')
    code, out, err = _run("list")
    assert code == EXIT_OK and err == ""
    lines = out.splitlines()
    assert lines[0].split()[:4] == ["webinar-1-introduction", "120", "min", "built-in"]
    assert any(line.startswith("one-two-four-all") and "1-2-4-All" in line for line in lines)
    oops = next(line for line in lines if line.startswith("oops"))
    assert "broken" in oops and "yours" in oops and "oops.toml, line 2" in oops
    assert str(user_plans_dir()) in out


def test_show_text_is_an_agenda_with_questions_and_prompts() -> None:
    code, out, _err = _run("show", "webinar-2")
    assert code == EXIT_OK
    assert out.startswith(
        "Webinar 2: A shared understanding of inclusive and collective leadership"
    )
    assert " 0:25  Check-in (check-in, 10 min)" in out
    assert "What does inclusive leadership mean to you, in your own words?" in out
    assert "0:45 Who have we not heard from? [not-heard] (10 min after the start)" in out


def test_show_json_has_the_whole_plan() -> None:
    code, out, _err = _run("show", "webinar-2-shared-understanding", "--format", "json")
    assert code == EXIT_OK
    plan = json.loads(out)
    assert plan["total_minutes"] == 120 and plan["builtin"] is True
    discussion = plan["segments"][2]
    assert discussion["start_minute"] == 35 and discussion["kind"] == "discussion"
    not_heard = next(p for p in discussion["prompts"] if p["prompt"] == "not-heard")
    assert not_heard["due_minute"] == 45 and not_heard["moment"] == "during"


def test_show_an_unknown_or_broken_plan_fails_with_a_sentence() -> None:
    code, out, err = _run("show", "nothing-like-it")
    assert code == EXIT_PROBLEMS and out == ""
    assert "There is no plan called 'nothing-like-it'" in err
    (user_plans_dir() / "bad.toml").write_text("title = 3\n")
    code, _out, err = _run("show", "bad")
    assert code == EXIT_PROBLEMS and "bad.toml, line 1" in err


def test_check_says_a_good_plan_is_good(tmp_path: Path) -> None:
    path = tmp_path / "ok.toml"
    path.write_text(
        'title = "OK"\n[[segments]]\ntitle = "A"\nkind = "round"\nminutes = 5\n'
        'prompts = [{ at = "end-1", prompt = "check-time" }]\n'
    )
    code, out, err = _run("check", str(path))
    assert code == EXIT_OK and err == ""
    assert "is a good plan: 'OK', 1 segments, 5 min, 1 prompts." in out


def test_check_lists_every_problem_with_line_and_field(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(
        'title = "Bad"\n[[segments]]\ntitle = "A"\nkind = "round"\nminutes = -1\n'
        'prompts = [{ at = "start", prompt = "who-knows" }]\n'
    )
    code, out, err = _run("check", str(path))
    assert code == EXIT_PROBLEMS and out == ""
    assert "is not a usable plan (2 problems):" in err
    assert f'{path}, line 5: segment 1 "A", field "minutes": must be more than 0' in err
    assert f'{path}, line 6: segment 1 "A", prompt 1 "who-knows", field "prompt"' in err


def test_check_a_missing_file_and_a_syntax_error_without_a_traceback(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text('title = "x\n')
    for target, expected in ((tmp_path / "none.toml", "no such file"), (broken, "line 1")):
        result = subprocess.run(
            [sys.executable, "-m", "companion.cli.plans", "check", str(target)],
            capture_output=True,
            text=True,
        )
        assert result.returncode == EXIT_PROBLEMS
        assert expected in result.stderr
        assert "Traceback" not in result.stderr


def test_the_parser_plugs_into_the_companion_command() -> None:
    import argparse

    from companion.cli.plans import add_plans_parser, run_plans

    parser = argparse.ArgumentParser(prog="companion")
    add_plans_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["plans", "show", "trio", "--format", "json"])
    assert args.handler is run_plans
    out = io.StringIO()
    assert run_plans(args, stdout=out) == EXIT_OK
    assert json.loads(out.getvalue())["name"] == "trio-debrief"
    bare = parser.parse_args(["plans"])
    out = io.StringIO()
    assert run_plans(bare, stdout=out) == EXIT_OK  # no action lists the plans
    assert "webinar-1-introduction" in out.getvalue()
