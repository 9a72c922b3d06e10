"""The MkDocs side: add the generated pages to the build (in memory, nothing written into docs/),
prepare search (segmentation with the glossary's words, offline assets) and check the invariants on each rendered talk page.
Called by scripts/mkdocs_hooks.py."""
from __future__ import annotations

from html import escape
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

from talkbook.preview import banner as serve_banner
from talkbook.web import page_files, page_parts, rawblocks, search, search_view, segment, urls
from talkbook.web.links import edit_base, new_file_base, page_source

from . import offline
from talkbook.edition.labels import LABELS, labels_for
from talkbook.edition.model import Edition, per_edition
from talkbook.edition.template_cache import compiled_templates
from talkbook.web.pipeline import generate
from talkbook.problems import BuildError
from talkbook.web.rawblocks import RawBlocks
from talkbook.web.render import RenderOptions
from talkbook.web.search_view import SearchView
from talkbook.web.verify import check_talk_page


# Up to this many talks are listed in the navigation; past it the home page lists them alone.
NAV_TALKS_MAX = 10


def in_nav(name: str, edition: Edition) -> bool:
    """Whether a generated page is listed in the navigation. Every page carries the navigation (and
    the current section's entries), so an entry per term or per talk would grow the site
    quadratically: term pages are reached from the glossary index and the text, and talks from the
    home page once there are more than NAV_TALKS_MAX of them."""
    if name.startswith("glossary/"):
        return name == urls.GLOSSARY_INDEX
    if name.startswith("talks/"):  # a talk's 繁 page is reached from its switch, never listed
        return len(edition.talks) <= NAV_TALKS_MAX and not name.endswith("/hant.md")
    return True


def render_options(config) -> RenderOptions:
    return RenderOptions(use_directory_urls=config["use_directory_urls"], edit_base=edit_base(config),
                         new_file_base=new_file_base(config), templates=template_overrides(config),
                         language=site_language(config))


def site_language(config) -> str:
    """mkdocs.yml theme.language, which talkbook's labels must cover (edition/labels.py)."""
    language = config["theme"]["language"] if "language" in config["theme"] else "en"
    if language not in LABELS:
        raise PluginError(f"mkdocs.yml theme.language: talkbook has no labels for '{language}'; use one of: "
                          f"{', '.join(LABELS)} (or add a table to scripts/talkbook/edition/labels.py)")
    return language


def template_overrides(config) -> tuple[str, ...]:
    """The deployment's own versions of the site's templates: `<theme.custom_dir>/talkbook/web/`,
    beside the partials with which it overrides Material's; the PDF's are in talkbook/pdf/
    (sources/template_overrides.py checks both)."""
    custom_dir = config["theme"].custom_dir
    return (str(Path(custom_dir) / "talkbook" / "web"),) if custom_dir else ()


def add_generated_files(files: Files, config) -> tuple[Edition, dict[str, SearchView]]:
    """Add the generated pages to the build; returns the edition and the pages' search views."""
    root = Path(config["config_file_path"]).parent
    options = render_options(config)
    def generate_pages():
        views: dict[str, SearchView] = {}
        edition, generated = generate(root, options, views, reuse=True)
        return edition, generated, views

    try:
        # While serving, sources with problems give the last good pages and a banner (preview/banner.py).
        edition, generated, search_views = serve_banner.generate_or_fall_back(generate_pages)
    except BuildError as error:
        raise PluginError("talkbook: the sources have problems:\n" + error.report()) from None
    clashes = sorted(name for name in generated if files.get_file_from_path(name) is not None)
    if clashes:
        raise PluginError(f"talkbook: docs/ has hand-written files where generated pages go: {', '.join(clashes)}; "
                          f"rename or remove them")
    for name, content in generated.items():
        inclusion = InclusionLevel.UNDEFINED if in_nav(name, edition) else InclusionLevel.NOT_IN_NAV
        files.append(File.generated(config, name, content=content, inclusion=inclusion))
    return edition, search_views


def show_search_view(search_views: dict[str, SearchView], page) -> str | None:
    """Before the search plugin indexes `page`, put its search view in place of its content; returns
    the content to put back once indexed (None: the page has no view and is indexed as it is)."""
    view = search_views.get(page.file.src_uri)
    if view is None:
        return None
    content = page.content
    try:
        page.content = search_view.compose(content, view)
    except search_view.ViewMismatch as error:
        raise PluginError(f"talkbook: {page.file.src_uri}: {error}") from None
    return content


def add_search_assets(files: Files, config) -> None:
    """The iframe-worker shim (search from file://), Material's search worker with its Chinese query
    segmenter fixed and our engine over the index in pieces in front (search.patch_worker), and Material's page script
    setting the worker up when search opens (search.patch_bundle), all served from the site itself."""
    if files.get_file_from_path(offline.SHIM) is None:
        files.append(File.generated(config, offline.SHIM, content=offline.shim_bytes()))
    _patch_theme_file(files, config, search.WORKER, search.patch_worker, "search worker")
    _patch_theme_file(files, config, search.BUNDLE, search.patch_bundle, "page script")


def _patch_theme_file(files: Files, config, pattern, patch, what: str) -> None:
    """The one theme file whose path matches `pattern`, served as `patch` leaves it."""
    found = [f for f in files if pattern.match(f.src_uri)]
    if len(found) != 1:
        raise PluginError(f"talkbook: expected one Material {what} among the theme files, found {len(found)}")
    try:
        patched = patch(found[0].content_string)
    except search.WorkerPatchError as error:
        raise PluginError(f"talkbook: {error}") from None
    files.remove(found[0])
    files.append(File.generated(config, found[0].src_uri, content=patched))


def split_search_index(config) -> None:
    """The search index in pieces that a query loads as it needs them (search.split_index)."""
    site = Path(config["site_dir"])
    if (site / search.INDEX).is_file():
        try:
            search.split_index(site)
        except ValueError as error:
            raise PluginError(f"talkbook: mkdocs.yml plugins.search.separator: {error}") from None


@per_edition
def talk_pages(edition: Edition) -> dict:
    """Talk page path -> talk (built once per edition: the per-page hooks below ask on every page)."""
    return {urls.talk_page(t.id): t for t in edition.talks}


def set_search_meta(edition: Edition, page) -> None:
    """Weigh the page in search ranking (search.page_boost); an author's own setting wins."""
    boost = search.page_boost(page.file.src_uri, talk_pages(edition).keys())
    if boost is not None:
        page.meta.setdefault("search", {}).setdefault("boost", boost)


def set_edit_url(edition: Edition, page, config) -> None:
    """Material's edit button on a generated page opens the page's source (talk.yml, intro.md,
    glossary/<id>.md), never the generated Markdown, which exists only in memory; a generated page
    with no single source (home, glossary index) gets no button. Hand-written pages keep MkDocs' URL."""
    if page.file.generated_by is None:
        return
    base, source = edit_base(config), page_source(edition, page.file.src_uri)
    page.edit_url = base + source if base and source else None


def skeleton_markdown(page, markdown: str, skeletons: dict) -> str:
    """A generated page goes to Markdown without its finished HTML blocks (rawblocks.skeleton);
    `skeletons` keeps what restore_blocks puts back. Hand-written pages go through as they are."""
    if page.file.generated_by is None:
        return markdown
    found = rawblocks.skeleton(markdown)
    if found.blocks:
        skeletons[page.file.src_uri] = found
    return found.markdown


def restore_blocks(page, html: str, skeletons: dict) -> str:
    """The page's HTML with its blocks back in place of their stand-ins."""
    found = skeletons.pop(page.file.src_uri, None)
    if found is None:
        return html
    try:
        return rawblocks.restore(html, found)
    except rawblocks.BlockLost as error:
        raise PluginError(f"talkbook: {page.file.src_uri}: {error}; Python-Markdown changed how it passes "
                          f"raw HTML through: see talkbook/web/rawblocks.py") from None


def check_config(config) -> None:
    """Fail the build when the configuration would make a page fetch from another host. Runs after
    every plugin's on_config (hooks come last), so a CDN shim added by the offline plugin is caught."""
    problems = offline.remote_assets(config)
    if problems:
        raise PluginError("talkbook: the site must make no request to another host:\n" + "\n".join(problems))


def add_raw_blocks(config) -> None:
    """Let Python-Markdown take the generated pages' HTML blocks as they are (rawblocks.py)."""
    if not any(isinstance(extension, RawBlocks) for extension in config["markdown_extensions"]):
        config["markdown_extensions"].append(RawBlocks())


def prepare_search(edition: Edition, config):
    """Before the search plugin indexes any page (on_page_context): have it segment Chinese with
    rjieba and the glossary's words (segment.py); returns the function that undoes it, for
    on_post_build and on_build_error. A site without Material's search plugin needs nothing."""
    from material.plugins.search import plugin as material_search

    searches = [p for p in config["plugins"].values() if isinstance(p, material_search.SearchPlugin)]
    if not searches:
        return lambda: None
    try:
        return segment.segment_index(edition.terms, material_search, searches[0].config)
    except segment.UnsupportedSearchConfig as error:
        raise PluginError(f"talkbook: {error}") from None


def cache_templates(env, config) -> None:
    """Load the theme's templates compiled by an earlier build in this environment (edition/template_cache.py)."""
    if env.bytecode_cache is None:
        env.bytecode_cache = compiled_templates(env)


# Material's drawer and search toggles are checkboxes with autocomplete="off" (so Firefox does not
# restore them open), an attribute HTML allows on text-like inputs only: the one error the Nu Html
# Checker finds on every page (issue #28). They sit in base.html outside any block, so the built page
# is mended rather than Material's whole base template forked.
_TOGGLES = tuple(f'<input class="md-toggle" data-md-toggle="{name}" type="checkbox" id="__{name}"'
                 for name in ("drawer", "search"))


def valid_toggles(html: str) -> str:
    for toggle in _TOGGLES:
        html = html.replace(toggle + ' autocomplete="off">', toggle + ">", 1)
    return html


def check_page(edition: Edition, src_uri: str, html: str) -> None:
    talk = talk_pages(edition).get(src_uri)
    if talk is None:
        return
    problems = check_talk_page(talk, html)
    if problems:
        raise PluginError("talkbook: invariant broken on the rendered page:\n" + "\n".join(problems))


def split_parts(html: str, page, config) -> str:
    """The page without what waits in it, its parts and notes page written beside it (page_files.py);
    after check_page, which reads the whole page."""
    try:
        return page_files.split_beside(html, Path(config.site_dir) / page.file.dest_uri)
    except page_parts.PartsError as error:
        raise PluginError(f"talkbook: {page.file.src_uri}: its rendered page cannot be split exactly: {error}") from None


def localise_nav(nav, edition: Edition, config) -> None:
    """MkDocs names the folders of a navigation it builds itself after the folder ("Talks",
    "Glossary", "Open vs closed ai 2023"): name them in the site's language, and each talk's folder
    after its title. A nav written in mkdocs.yml keeps its author's titles."""
    if config["nav"]:
        return
    labels = labels_for(site_language(config))
    titles = {"talks": labels.talks, "glossary": labels.glossary, "maintainers": labels.maintainers}
    # Material prints navigation titles as HTML: escape the talk's title, as front_matter() does.
    titles.update({f"talks/{talk.id}": escape(talk.title, quote=False) for talk in edition.talks})

    def walk(items, depth: int) -> None:
        for item in items:
            if not item.is_section:
                continue
            page = _first_page(item)
            if page is not None:
                folder = "/".join(page.file.src_uri.split("/")[:depth + 1])
                item.title = titles.get(folder, item.title)
            walk(item.children, depth + 1)

    walk(nav.items, 0)


def _first_page(section):
    for child in section.children:
        if child.is_page:
            return child
        if child.is_section and (page := _first_page(child)) is not None:
            return page
    return None
