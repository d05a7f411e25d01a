"""Turn-taking: the roster, the tracker, participation figures, nudges and the queue.

The Qt-free model behind the Turns area. ``TurnsSession`` ties the parts
together for one group in one session; nothing it measures is stored unless
the facilitator keeps a participation summary (``companion.turns.summary``).
"""

from companion.turns.metrics import GroupStats, MemberStats, gini
from companion.turns.nudges import Nudge, NudgeRules
from companion.turns.queue import QueueOrder
from companion.turns.roster import Member, MemberDetails, Roster
from companion.turns.session import TurnsSession
from companion.turns.tracker import TrackerConfig, TurnTracker

__all__ = [
    "GroupStats",
    "Member",
    "MemberDetails",
    "MemberStats",
    "Nudge",
    "NudgeRules",
    "QueueOrder",
    "Roster",
    "TrackerConfig",
    "TurnTracker",
    "TurnsSession",
    "gini",
]
