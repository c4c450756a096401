"""Integration points and dependencies between AI systems and third-party components."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Node:
    id: str
    label: str
    kind: str  # "system" | "component" | "provider"
    detail: str = ""


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    kind: str  # "integrates" | "provided by"


def dependency_graph(
    systems: list[dict], include_providers: bool = True
) -> tuple[list[Node], list[Edge]]:
    """An integration point naming another system links the two; anything else is a component.

    Procured and hybrid systems also link to their provider, which scope must cover (4.3).
    """
    by_name = {s["name"].strip().casefold(): s for s in systems}
    nodes: dict[str, Node] = {}
    edges: list[Edge] = []
    for system in systems:
        nodes[system["id"]] = Node(
            system["id"], system["name"], "system", system.get("eu_ai_act_tier") or ""
        )
    for system in systems:
        for point in list(system.get("integration_points") or []):
            other = by_name.get(str(point).strip().casefold())
            if other is not None:
                edges.append(Edge(system["id"], other["id"], "integrates"))
                continue
            node_id = "component:" + str(point).strip().casefold()
            nodes.setdefault(node_id, Node(node_id, str(point).strip(), "component"))
            edges.append(Edge(system["id"], node_id, "integrates"))
        provider = (system.get("provider") or "").strip()
        if include_providers and provider and system.get("sourcing") in ("procured", "hybrid"):
            node_id = "provider:" + provider.casefold()
            nodes.setdefault(node_id, Node(node_id, provider, "provider"))
            edges.append(Edge(system["id"], node_id, "provided by"))
    return list(nodes.values()), edges
