#!/usr/bin/env python3
"""Where the build time goes, for one generated corpus: the loader's parts, each template, each MkDocs page.

    .venv/bin/python benchmarks/profile_build.py --corpus benchmarks/out/corpus-500 [--json OUT.json]

Runs in one process, with light wrappers (not cProfile) so the figures stay close to a real build:
  1. load+validate split into YAML parse (the project loader's compose / value construction), JSON Schema,
     cross-file rules; plus a bare libyaml compose (yaml.CSafeLoader) for comparison, and the whole load with
     the garbage collector off;
  2. render_site split by template, and the alignment of every plan with its parent (in one process, even where
     the site code forks workers);
  3. `mkdocs build` (PLANSITE_SKIP_SEARCH=1, into benchmarks/out/profile-site) split into the plugin's events,
     Markdown conversion per page and theme rendering per page, grouped by page kind, with the slowest pages.
Nothing in plansite/ is changed: the wrappers are installed on the imported objects only.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent


def kind_of(path: str, document_ids: set[str]) -> str:
    parts = path.strip("/").split("/")
    if parts[0] == "van-ban" and len(parts) > 1:
        name = parts[1].removesuffix(".md").removesuffix(".html")
        return "document pages" if name in document_ids else ("van-ban index" if name == "index" else "van-ban facets")
    if parts[0] in ("co-quan", "dia-phuong", "trich-dan"):
        return f"{parts[0]} pages" if not parts[-1].startswith("index") else f"{parts[0]} index"
    return path


def profile_load(corpus: Path) -> dict:
    import yaml

    from plansite.corpus import schema
    from plansite.corpus.check import load_valid_corpus
    from plansite.corpus.loader import document_files, load_corpus
    from plansite.corpus.validate import validate
    from plansite.corpus.yamlsource import _StrictLoader, load_yaml

    class _CStrict(yaml.CSafeLoader):
        pass

    _CStrict.yaml_implicit_resolvers = _StrictLoader.yaml_implicit_resolvers
    files = document_files(corpus)[0]
    out: dict[str, float] = defaultdict(float)
    out["files"] = len(files)
    out["project_loader_base"] = [base.__name__ for base in _StrictLoader.__mro__[1:3]]
    out["yaml_mb"] = sum(p.stat().st_size for p in files) / 2**20
    for path in files:
        text = path.read_text(encoding="utf-8")
        started = time.process_time()
        loader = _StrictLoader(text)
        loader.get_single_node()
        loader.dispose()
        out["project_compose_s"] += time.process_time() - started
        started = time.process_time()
        loader = _CStrict(text)
        loader.get_single_node()
        loader.dispose()
        out["libyaml_compose_s"] += time.process_time() - started
        started = time.process_time()
        source, _ = load_yaml(path, str(path))
        out["load_yaml_total_s"] += time.process_time() - started
        started = time.process_time()
        schema.check(source, "document.schema.json")
        out["json_schema_s"] += time.process_time() - started
    out["construct_values_s"] = out["load_yaml_total_s"] - out["project_compose_s"]
    started = time.process_time()
    load_valid_corpus(corpus)
    out["load_valid_corpus_s"] = time.process_time() - started
    # The cross-file rules on a load of their own: load_valid_corpus lets go of what they read once they pass.
    loaded = load_corpus(corpus)
    started = time.process_time()
    validate(loaded)
    out["cross_file_rules_s"] = time.process_time() - started
    del loaded
    gc.collect()
    gc.disable()
    try:
        started = time.process_time()
        load_valid_corpus(corpus)
        out["load_valid_corpus_gc_off_s"] = time.process_time() - started
    finally:
        gc.enable()
    return {k: round(v, 3) if isinstance(v, float) else v for k, v in out.items()}


def profile_render(corpus: Path) -> dict:
    from plansite.analysis import pairs as pairs_module
    from plansite.corpus.check import load_valid_corpus
    from plansite.render import context as context_module
    from plansite.render import site as site_module

    loaded = load_valid_corpus(corpus)
    aligning = [0.0, 0]  # CPU seconds, pairs aligned (both texts in the corpus)
    original_alignments = pairs_module.CorpusAlignments.__init__

    def timed_alignments(self, corpus, parallel_from=None):
        # In this process, so that its CPU is counted here (a build aligns in forked workers from PARALLEL_FROM files).
        started = time.process_time()
        original_alignments(self, corpus, parallel_from=10**9)
        aligning[0] += time.process_time() - started
        aligning[1] += sum(1 for found in self.by_child.values() for pair in found if pair.alignment is not None)

    per_template: dict[str, list[float]] = defaultdict(lambda: [0.0, 0, 0])
    # Every page, Markdown or HTML, goes through RenderContext._render.
    original = context_module.RenderContext._render

    def timed(self, env, path, template, context):
        started = time.process_time()
        result = original(self, env, path, template, context)
        entry = per_template[template]
        entry[0] += time.process_time() - started
        entry[1] += 1
        entry[2] = max(entry[2], len(result))
        return result

    context_module.RenderContext._render = timed
    pairs_module.CorpusAlignments.__init__ = timed_alignments
    try:
        started = time.process_time()
        graph_s = _timed_graph(loaded)
        # One process, so that every template's time is seen here (the site forks workers for documents).
        site_module.render_site(loaded.published(), parallel_from=10**9)
        total = time.process_time() - started
    finally:
        context_module.RenderContext._render = original
        pairs_module.CorpusAlignments.__init__ = original_alignments
    return {
        "total_s": round(total, 3), "graph_s": round(graph_s, 3),
        "alignments_s": round(aligning[0], 3), "pairs": aligning[1],
        "templates": {name: {"s": round(v[0], 3), "pages": v[1], "largest_output_kb": round(v[2] / 1024, 1)}
                      for name, v in sorted(per_template.items(), key=lambda kv: -kv[1][0])},
    }


def _timed_graph(loaded) -> float:
    from plansite.analysis.graph import build_graph

    started = time.process_time()
    build_graph(loaded.corpus)
    return time.process_time() - started


def profile_mkdocs(corpus: Path, site_dir: Path) -> dict:
    os.environ["PLANSITE_CORPUS"] = str(corpus)
    os.environ["PLANSITE_SKIP_SEARCH"] = "1"
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands import build as build_module
    from mkdocs.config import load_config
    from mkdocs.structure.pages import Page

    from plansite.corpus.check import load_valid_corpus

    document_ids = set(load_valid_corpus(corpus).corpus.documents)
    markdown_by_kind: dict[str, list[float]] = defaultdict(lambda: [0.0, 0])
    theme_by_kind: dict[str, list[float]] = defaultdict(lambda: [0.0, 0])
    slowest: list[tuple[float, str, int]] = []
    original_render = Page.render
    original_build_page = build_module._build_page

    def render(self, config, files):
        started = time.process_time()
        original_render(self, config, files)
        spent = time.process_time() - started
        entry = markdown_by_kind[kind_of(self.file.src_uri, document_ids)]
        entry[0] += spent
        entry[1] += 1
        slowest.append((spent, self.file.src_uri, len(self.markdown or "")))

    def build_page(page, config, doc_files, nav, env, dirty=False, excluded=False):
        started = time.process_time()
        original_build_page(page, config, doc_files, nav, env, dirty, excluded)
        entry = theme_by_kind[kind_of(page.file.src_uri, document_ids)]
        entry[0] += time.process_time() - started
        entry[1] += 1

    config = load_config(config_file=str(REPO / "mkdocs.yml"), site_dir=str(site_dir))
    hooks: dict[str, float] = {}
    for event in ("pre_build", "files", "post_build"):
        handlers = config.plugins.events[event]
        for index, handler in enumerate(handlers):
            def wrapped(*args, _handler=handler, _event=event, **kwargs):
                started = time.process_time()
                try:
                    return _handler(*args, **kwargs)
                finally:
                    hooks[_event] = hooks.get(_event, 0.0) + time.process_time() - started
            handlers[index] = wrapped
    from mkdocs.structure.files import Files

    original_copy = Files.copy_static_files
    copying = [0.0]

    def copy_static_files(self, *args, **kwargs):
        started = time.process_time()
        try:
            return original_copy(self, *args, **kwargs)
        finally:
            copying[0] += time.process_time() - started

    Page.render = render
    build_module._build_page = build_page
    Files.copy_static_files = copy_static_files
    try:
        config.plugins.on_startup(command="build", dirty=False)
        started = time.process_time()
        build_module.build(config)
        total = time.process_time() - started
    finally:
        Page.render = original_render
        build_module._build_page = original_build_page
        Files.copy_static_files = original_copy
    slowest.sort(reverse=True)
    markdown_total = sum(v[0] for v in markdown_by_kind.values())
    theme_total = sum(v[0] for v in theme_by_kind.values())
    return {
        "total_s": round(total, 2),
        "hooks_s": {k: round(v, 2) for k, v in hooks.items()},
        "markdown_total_s": round(markdown_total, 2),
        "theme_total_s": round(theme_total, 2),
        "copy_files_s": round(copying[0], 2),
        "rest_s": round(total - markdown_total - theme_total - copying[0] - sum(hooks.values()), 2),
        "markdown_by_kind": {k: {"s": round(v[0], 2), "pages": v[1]} for k, v in sorted(markdown_by_kind.items(), key=lambda kv: -kv[1][0])},
        "theme_by_kind": {k: {"s": round(v[0], 2), "pages": v[1]} for k, v in sorted(theme_by_kind.items(), key=lambda kv: -kv[1][0])},
        "slowest_markdown_pages": [{"page": p, "s": round(s, 2), "markdown_kb": round(n / 1024, 1)} for s, p, n in slowest[:10]],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--site-dir", type=Path, default=HERE / "out" / "profile-site")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--parts", default="load,render,mkdocs", help="which parts to run (default all)")
    args = parser.parse_args(argv)
    parts = set(args.parts.split(","))
    from run_benchmark import code_state

    report: dict = {"corpus": str(args.corpus), "code": code_state()}
    print("site code:", report["code"], flush=True)
    if "load" in parts:
        report["load"] = profile_load(args.corpus)
        print("load:", json.dumps(report["load"], ensure_ascii=False), flush=True)
    if "render" in parts:
        report["render"] = profile_render(args.corpus)
        print("render:", json.dumps(report["render"], ensure_ascii=False), flush=True)
    if "mkdocs" in parts:
        report["mkdocs"] = profile_mkdocs(args.corpus, args.site_dir)
        print("mkdocs:", json.dumps(report["mkdocs"], ensure_ascii=False, indent=1), flush=True)
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
