"""A pathway as a graph: its steps, where each step's exits lead, and the walks over them.

Validation, rendering, the flow JSON, the map and the tests all ask the same questions of a
pathway (which steps can be reached, how far each is from the start, which step comes before
it, can a result still be reached from here, where do these answers lead), so they are
answered once, here. A step's exits come from its kind (model.py: `exits()`), so nothing here
names a kind. Every walk visits each step and exit at most once: linear in the size of the
pathway, without recursion (a pathway may have thousands of steps in a row), except `routes`,
which lists every route and is meant for the tests of small pathways.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from functools import cached_property
from typing import Iterator

from .model import Node, Pathway


@dataclass
class Replay:
    """Where a reader's answers lead from the start."""

    reached: Node  # the step the answers stopped at: a result, or where they ran out or went wrong
    left: list[str] = field(default_factory=list)  # answers given but not used
    unknown: str | None = None  # an answer that is not one of `reached`'s answers
    answered: list[tuple[str, int]] = field(default_factory=list)  # (question, which answer) for each answer used

    @property
    def finished(self) -> bool:
        return not self.reached.exits() and not self.left


@dataclass
class Route:
    """One way through the pathway: each step passed and which of its exits was taken, then the end."""

    steps: list[tuple[Node, int]]
    end: Node

    @property
    def answers(self) -> list[str]:
        labels = (node.exits()[position].label for node, position in self.steps)
        return [label for label in labels if label is not None]


class Graph:
    def __init__(self, pathway: Pathway):
        self.pathway = pathway
        self.start = pathway.start
        self.nodes: dict[str, Node] = {node.id: node for node in pathway.nodes}

    def __getitem__(self, node_id: str) -> Node:
        return self.nodes[node_id]

    def __contains__(self, node_id: str) -> bool:
        return node_id in self.nodes

    def successors(self, node_id: str) -> list[str]:
        return [exit.next for exit in self.nodes[node_id].exits()]

    @cached_property
    def predecessors(self) -> dict[str, list[str]]:
        """The steps that lead to each step, in the order of the file (made once: looking them up
        step by step would take time growing with the square of the pathway's size)."""
        found: dict[str, dict[str, None]] = {node_id: {} for node_id in self.nodes}
        for node in self.pathway.nodes:
            for exit in node.exits():
                found.setdefault(exit.next, {})[node.id] = None
        return {node_id: list(before) for node_id, before in found.items()}

    def reachable(self, start: str | None = None, fix: tuple[str, int, str] | None = None) -> set[str]:
        """The steps reachable from `start` (default: the pathway's start). `fix` (step, exit
        position, new target) tries a correction of one exit first. Exits to no step are skipped."""
        start = self.start if start is None else start
        seen, queue = {start}, deque([start])
        while queue:
            current = queue.popleft()
            for position, nxt in enumerate(self.successors(current)):
                if fix and fix[:2] == (current, position):
                    nxt = fix[2]
                if nxt in self.nodes and nxt not in seen:
                    seen.add(nxt)
                    queue.append(nxt)
        return seen

    @cached_property
    def breadth_first(self) -> tuple[dict[str, int], dict[str, str]]:
        """Step number (1 = start) of each reachable step, in the order a reader meets them
        (nearest the start first), and the step before it on the shortest route."""
        depth, parent = {self.start: 1}, {}
        queue = deque([self.start])
        while queue:
            current = queue.popleft()
            for nxt in self.successors(current):
                if nxt not in depth:
                    depth[nxt], parent[nxt] = depth[current] + 1, current
                    queue.append(nxt)
        return depth, parent

    @property
    def depth(self) -> dict[str, int]:
        return self.breadth_first[0]

    @property
    def parent(self) -> dict[str, str]:
        return self.breadth_first[1]

    def can_finish(self) -> set[str]:
        """Every step from which some route reaches a result (a step with no exits), worked
        backwards from the results."""
        finishes = {node.id for node in self.pathway.nodes if not node.exits()}
        queue = deque(finishes)
        while queue:
            for earlier in self.predecessors[queue.popleft()]:
                if earlier not in finishes:
                    finishes.add(earlier)
                    queue.append(earlier)
        return finishes

    def steps_left(self) -> dict[str, int]:
        """The most steps after each step before a result is reached (0 at a result): "step 2 of
        up to 5". Depth first; an exit that leads back to a step on the way there is not counted again."""
        left: dict[str, int] = {}
        on_route: set[str] = set()
        stack = [(self.start, False)]
        while stack:
            node_id, done = stack.pop()
            if done:
                on_route.discard(node_id)
                after = [left[n] for n in self.successors(node_id) if n in left]
                left[node_id] = 1 + max(after) if after else 0
            elif node_id not in left and node_id not in on_route:
                on_route.add(node_id)
                stack.append((node_id, True))
                stack.extend((n, False) for n in self.successors(node_id) if n not in left and n not in on_route)
        return left

    def replay(self, answers: list[str]) -> Replay:
        """Follow answer labels from the start, as a reader tapping them would. A step with one
        exit and no label (information) is passed without an answer."""
        node, given, answered = self.nodes[self.start], list(answers), []
        passed = 0  # steps passed without an answer since the last one: more than all the steps is a loop
        while node.exits() and passed <= len(self.nodes):
            exits = node.exits()
            if len(exits) == 1 and exits[0].label is None:
                node, passed = self.nodes[exits[0].next], passed + 1
                continue
            if not given:
                break
            position = next((i for i, exit in enumerate(exits) if exit.label == given[0]), None)
            if position is None:
                return Replay(node, given, unknown=given[0], answered=answered)
            given.pop(0)
            answered.append((node.id, position))
            node, passed = self.nodes[exits[position].next], 0
        return Replay(node, given, answered=answered)

    @cached_property
    def _shortest(self) -> dict[str, tuple[str | None, str | None, int]]:
        """Breadth first from the start, once for all steps: for each step reached, the step before
        it on a shortest route, the answer taken there (None after an information step) and how many
        answers lead there. (A search per result grew with the cube of a long chain.)"""
        came_from: dict[str, tuple[str | None, str | None, int]] = {self.start: (None, None, 0)}
        queue = deque([self.start])
        while queue:
            current = queue.popleft()
            for exit in self.nodes[current].exits():
                if exit.next not in came_from:
                    came_from[exit.next] = (current, exit.label, came_from[current][2] + (exit.label is not None))
                    queue.append(exit.next)
        return came_from

    def answers_to(self, target: str) -> int | None:
        """How many answers a shortest route from the start to `target` takes (None if there is none)."""
        return self._shortest[target][2] if target in self._shortest else None

    def route_to(self, target: str) -> list[str] | None:
        """The answers of a shortest route from the start to the step `target` (None if there is none)."""
        if target not in self._shortest:
            return None
        answers, at = [], self._shortest[target]
        while at[0] is not None:  # back to the start, then turned round
            if at[1] is not None:
                answers.append(at[1])
            at = self._shortest[at[0]]
        return answers[::-1]

    def routes(self) -> Iterator[Route]:
        """Every route from the start to a result that passes no step twice (for tests: their
        number can grow much faster than the pathway)."""
        stack = [(self.start, [], frozenset([self.start]))]
        while stack:
            node_id, steps, seen = stack.pop()
            node = self.nodes[node_id]
            if not node.exits():
                yield Route(steps, node)
            for position, exit in reversed(list(enumerate(node.exits()))):  # reversed: routes come out in file order
                if exit.next not in seen:
                    stack.append((exit.next, steps + [(node, position)], seen | {exit.next}))
