"""How a paragraph of a document is named in links and tables: `IV.3`, `IV.3 ¶2`; and a source, where an
extract comes from one instead of a paragraph: `theo Báo Lai Châu, 05/07/2024`."""

from __future__ import annotations

from plansite.corpus.model import Document, from_source


class NodeLabels:
    """The printed numbering of each node, joined with its parents'; computed once per document."""

    def __init__(self) -> None:
        self._by_document: dict[str, dict[str, str]] = {}

    def __call__(self, document: Document, node_id: str) -> str:
        labels = self._by_document.get(document.id)
        if labels is None:
            labels = self._by_document[document.id] = _labels(document)
        return labels.get(node_id, node_id)

    def place(self, document: Document, anchor: str) -> str:
        """In a sentence: `đoạn IV.3 ¶2`, or `theo Báo Lai Châu, 05/07/2024` for an item known from a source."""
        label = self(document, anchor)
        return label if from_source(anchor) else f"đoạn {label}"


def _labels(document: Document) -> dict[str, str]:
    labels: dict[str, str] = {}

    def walk(nodes, prefix: str, parent: str) -> None:
        paragraph = 0
        for node in nodes:
            if node.label:
                own = numbered(prefix, parent, node.label)
            else:
                paragraph += 1
                own = f"{prefix} ¶{paragraph}" if prefix else f"¶{paragraph}"
            labels[node.id] = own
            walk(node.children, own if node.label else prefix, node.label or parent)

    walk(document.body, "", "")
    labels.update((source.anchor, source.short) for source in document.sources)
    return labels


def numbered(prefix: str, parent: str, label: str) -> str:
    """A numbered node's label under its parent's (`prefix`, which ends with the parent's own `parent`).
    Printed numbers that already carry their parent's (`1.1.` under `1.`) replace it rather than repeat it:
    `II.1` + `1.1` is `II.1.1`, not `II.1.1.1`."""
    if parent and label.startswith(parent + ".") and prefix.endswith(parent):
        return prefix[: len(prefix) - len(parent)] + label
    return f"{prefix}.{label}" if prefix else label
