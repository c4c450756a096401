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


def busiest_systems(nodes: list[Node], edges: list[Edge], limit: int) -> list[str]:
    """Ids of the ``limit`` systems with the most links (either end), ties by name."""
    degree: dict[str, int] = {}
    for edge in edges:
        degree[edge.source] = degree.get(edge.source, 0) + 1
        degree[edge.target] = degree.get(edge.target, 0) + 1
    systems = [n for n in nodes if n.kind == "system"]
    systems.sort(key=lambda n: (-degree.get(n.id, 0), n.label.casefold(), n.id))
    return [n.id for n in systems[:limit]]


def restricted_to(
    nodes: list[Node], edges: list[Edge], system_ids: list[str]
) -> tuple[list[Node], list[Edge]]:
    """The part of the map around ``system_ids``: those systems, the components and providers
    they link to, and the links among what is kept (links to other systems are left out)."""
    chosen = set(system_ids)
    kinds = {n.id: n.kind for n in nodes}
    kept_edges = [
        e
        for e in edges
        if (e.source in chosen or e.target in chosen)
        and all(kinds[x] != "system" or x in chosen for x in (e.source, e.target))
    ]
    linked = chosen | {x for e in kept_edges for x in (e.source, e.target)}
    return [n for n in nodes if n.id in linked], kept_edges


def shared_dependencies(
    nodes: list[Node], edges: list[Edge], names_shown: int | None = None
) -> list[tuple[str, int, str]]:
    """(dependency, number of systems using it, their names), most shared first; past
    ``names_shown`` names the list ends with "and N more"."""
    labels = {n.id: n.label for n in nodes}
    shared: dict[str, set[str]] = {}
    for edge in edges:
        shared.setdefault(labels[edge.target], set()).add(labels[edge.source])
    rows = []
    for target, users in shared.items():
        names = sorted(users)
        if names_shown is not None and len(names) > names_shown:
            names = [*names[:names_shown], f"and {len(users) - names_shown:,} more"]
        rows.append((target, len(users), ", ".join(names)))
    return sorted(rows, key=lambda r: -r[1])
