"""The graph module: every question validation, rendering, the flow and the tests ask of a pathway."""

from __future__ import annotations

import datetime as dt

from pathways.graph import Graph
from pathways.model import Pathway


def pathway(nodes: list[dict], start: str = "q1") -> Pathway:
    return Pathway.model_validate({
        "id": "p", "title": "P", "summary": "S.", "audience": "A.", "start": start, "nodes": nodes,
        "reviewed_by": "R", "last_reviewed": dt.date(2026, 1, 1), "next_review": dt.date(2027, 1, 1)})


def question(node_id: str, *answers: tuple[str, str]) -> dict:
    return {"id": node_id, "kind": "question", "title": node_id.upper() + "?",
            "answers": [{"label": label, "next": nxt} for label, nxt in answers]}


def info(node_id: str, nxt: str) -> dict:
    return {"id": node_id, "kind": "info", "title": node_id, "next": nxt}


def outcome(node_id: str, urgency: str = "soon") -> dict:
    return {"id": node_id, "kind": "outcome", "title": node_id, "urgency": urgency}


# q1 -Yes-> i1 -> q2 -A-> end-a, q2 -B-> end-b; q1 -No-> end-b; lost is unreachable, loop goes round.
EXAMPLE = pathway([
    question("q1", ("Yes", "i1"), ("No", "end-b")),
    info("i1", "q2"),
    question("q2", ("A", "end-a"), ("B", "end-b")),
    outcome("end-a", "urgent"),
    outcome("end-b"),
    question("lost", ("Back", "q1"), ("Round", "loop")),
    info("loop", "lost"),
])


def test_lookup_and_exits_come_from_the_kinds():
    graph = Graph(EXAMPLE)
    assert graph["q2"].title == "Q2?" and "i1" in graph and "nowhere" not in graph
    assert [(e.label, e.next, e.loc) for e in graph["q1"].exits()] == [
        ("Yes", "i1", ("answers", 0, "next")), ("No", "end-b", ("answers", 1, "next"))]
    assert [(e.label, e.next, e.loc) for e in graph["i1"].exits()] == [(None, "q2", ("next",))]
    assert graph["end-a"].exits() == [] and graph["end-a"].facts() == {"urgency": "urgent"}
    assert graph.successors("q2") == ["end-a", "end-b"]


def test_predecessors_in_file_order():
    before = Graph(EXAMPLE).predecessors
    assert before["end-b"] == ["q1", "q2"] and before["q1"] == ["lost"] and before["lost"] == ["loop"]


def test_reachable_from_start_from_a_step_and_with_a_correction():
    graph = Graph(EXAMPLE)
    assert graph.reachable() == {"q1", "i1", "q2", "end-a", "end-b"}
    assert graph.reachable("loop") == {"loop", "lost", "q1", "i1", "q2", "end-a", "end-b"}
    assert "lost" in graph.reachable(fix=("q2", 1, "lost"))  # q2's second answer sent to "lost" instead


def test_depth_and_parent_follow_the_shortest_route_in_reading_order():
    graph = Graph(EXAMPLE)
    assert graph.depth == {"q1": 1, "i1": 2, "end-b": 2, "q2": 3, "end-a": 4}
    assert list(graph.depth) == ["q1", "i1", "end-b", "q2", "end-a"]
    assert graph.parent == {"i1": "q1", "end-b": "q1", "q2": "i1", "end-a": "q2"}
    assert graph.steps_left() == {"q1": 3, "i1": 2, "q2": 1, "end-a": 0, "end-b": 0}


def test_can_finish_leaves_out_only_loops_with_no_way_out():
    stuck = pathway([question("q1", ("Go", "end"), ("Stay", "a")), info("a", "b"), info("b", "a"), outcome("end")])
    assert Graph(stuck).can_finish() == {"q1", "end"}
    assert Graph(EXAMPLE).can_finish() == {n.id for n in EXAMPLE.nodes}


def test_replay_passes_information_steps_and_stops_where_answers_go_wrong():
    graph = Graph(EXAMPLE)
    done = graph.replay(["Yes", "A"])
    assert done.reached.id == "end-a" and done.finished
    assert graph.replay(["Yes"]).reached.id == "q2" and not graph.replay(["Yes"]).finished
    wrong = graph.replay(["Yes", "Maybe"])
    assert (wrong.reached.id, wrong.unknown, wrong.left) == ("q2", "Maybe", ["Maybe"])
    extra = graph.replay(["No", "A"])
    assert (extra.reached.id, extra.left, extra.finished) == ("end-b", ["A"], False)


def test_replay_of_an_information_loop_stops():
    stuck = pathway([info("a", "b"), info("b", "a"), outcome("end")], start="a")
    assert Graph(stuck).replay([]).reached.id in ("a", "b")


def test_route_to_is_a_shortest_route_in_answers():
    graph = Graph(EXAMPLE)
    assert graph.route_to("end-a") == ["Yes", "A"]
    assert graph.route_to("end-b") == ["No"]
    assert graph.route_to("lost") is None


def test_routes_lists_every_route_once_without_passing_a_step_twice():
    found = [(route.answers, route.end.id) for route in Graph(EXAMPLE).routes()]
    assert found == [(["Yes", "A"], "end-a"), (["Yes", "B"], "end-b"), (["No"], "end-b")]
    looped = pathway([question("q1", ("Again", "q1"), ("Done", "end")), outcome("end")])
    assert [(r.answers, r.end.id) for r in Graph(looped).routes()] == [(["Done"], "end")]


def test_a_chain_of_ten_thousand_steps_needs_no_recursion():
    n = 10_000
    chain = pathway([info(f"s{i}", f"s{i + 1}") for i in range(n)] + [outcome(f"s{n}")], start="s0")
    graph = Graph(chain)
    assert graph.depth[f"s{n}"] == n + 1 and graph.steps_left()["s0"] == n
    assert len(graph.can_finish()) == n + 1 and graph.replay([]).finished
    assert graph.route_to(f"s{n}") == []
    questions = pathway([question(f"s{i}", ("On", f"s{i + 1}"), ("Off", "end")) for i in range(n)]
                        + [outcome(f"s{n}"), outcome("end")], start="s0")
    assert Graph(questions).route_to(f"s{n}") == ["On"] * n
