"""Liquid as Jekyll runs it: python-liquid with Jekyll's tags, filters and lax defaults."""

from __future__ import annotations

import functools
import re
import sys
from io import StringIO
from datetime import date, datetime
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, TextIO

from liquid import Environment, Mode
from liquid.ast import Node
from liquid.builtin.expressions import parse_primitive
from liquid.builtin.output import Output, OutputNode
from liquid.context import RenderContext
from liquid.exceptions import (ContextDepthError, FilterArgumentError, LiquidError,
                               LoopIterationLimitError, OutputStreamLimitError)
from liquid.parser import get_parser
from liquid.stream import TokenStream
from liquid.template import BoundTemplate
from liquid.tag import Tag
from liquid.token import TOKEN_EXPRESSION, TOKEN_OUTPUT, TOKEN_TAG, Token
from liquid.undefined import StrictUndefined, Undefined

from scholarsite.errors import BuildError
from scholarsite.liquid import compat
from scholarsite.liquid.compat import tokenize
from scholarsite.liquid.tags import (INCLUDE_PARAM, INCLUDE_WITH_VARIABLE,
                                     inside_html_comment, render_fragment, tag_markup,
                                     tag_parts, token_position)
from scholarsite.highlight import highlight_block
from scholarsite.liquid.filters import compute_relative_url

if TYPE_CHECKING:
    from scholarsite.site import Site


compat.install()


def unclosed_tag_position(source: str, tag: str) -> tuple[int, int] | None:
    """Where the block tag that never gets its ``end`` tag opens (for messages)."""
    stack: list[int] = []
    last = None
    for match in re.finditer(rf"{{%-?\s*(end)?{tag}\b", source):
        if match.group(1):
            if stack:
                stack.pop()
        else:
            stack.append(match.start())
            last = match.start()
    # All closed as text, yet not for the parser: an unclosed comment or raw swallowed
    # the end tag. The last opening is where to look.
    index = stack[-1] if stack else last
    if index is None:
        return None
    return source.count("\n", 0, index) + 1, index - (source.rfind("\n", 0, index) + 1) + 1


BLOCK_TAGS = ("if", "unless", "case", "for", "tablerow", "capture", "comment", "raw")


def innermost_unclosed_block(source: str) -> tuple[str, int, int] | None:
    """The block tag left open at the end of the text, and where it opens."""
    stack: list[tuple[str, int]] = []
    names = "|".join(BLOCK_TAGS)
    for match in re.finditer(rf"{{%-?\s*(end)?({names})\b", source):
        if match.group(1):
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == match.group(2):
                    del stack[depth:]
                    break
        else:
            stack.append((match.group(2), match.start()))
    if not stack:
        return None
    tag, index = stack[-1]
    return tag, source.count("\n", 0, index) + 1, index - (source.rfind("\n", 0, index) + 1) + 1


def jekyll_string(value: Any) -> str:
    """How Ruby prints a value in ``{{ }}``: Times with their offset, nil as nothing."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None or isinstance(value, Undefined):
        return "" if value is None else str(value)
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.astimezone()
        return value.strftime("%Y-%m-%d %H:%M:%S %z")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return "".join(jekyll_string(v) for v in value)
    if isinstance(value, float) and value.is_integer() is False:
        return repr(value)
    return str(value)


class JekyllOutputNode(OutputNode):
    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        return buffer.write(jekyll_string(self.expression.evaluate(context)))


class JekyllOutput(Output):
    node_class = JekyllOutputNode

    def parse(self, stream: TokenStream) -> OutputNode:
        token = stream.eat(TOKEN_OUTPUT)
        markup = stream.expect(TOKEN_EXPRESSION)
        from scholarsite.liquid.lax_tags import parse_variable
        return self.node_class(token, parse_variable(self.env, markup))


# --- include and include_relative ------------------------------------------------

class IncludeNode(Node):
    """Jekyll's ``{% include file.html key=value %}``: shares the caller's variables."""

    relative = False

    def __init__(self, token: Token, env: "JekyllEnvironment", markup: str):
        super().__init__(token)
        self.blank = False
        markup = markup.strip()
        match = INCLUDE_WITH_VARIABLE.match(markup) if "{{" in markup else None
        if match:
            name, params = match.group("variable").strip(), match.group("params")
        else:
            # Any whitespace ends the name: '{% include figure.html' then a newline.
            name, params = (re.split(r"\s+", markup, maxsplit=1) + [""])[:2]
        self.name = name
        self.name_template = env.from_string(name) if "{{" in name else None
        self.params: list[tuple[str, Any]] = []
        rest = params.strip()
        for param in INCLUDE_PARAM.finditer(rest):
            key, dq, sq, var = param.groups()
            if var is not None:
                expr = parse_primitive(env, TokenStream(tokenize(var, token)))
                self.params.append((key, expr))
            else:
                text = dq if dq is not None else sq
                self.params.append((key, text.replace('\\"', '"').replace("\\'", "'")))
        leftover = INCLUDE_PARAM.sub("", rest).strip()
        if leftover:
            line, col = token_position(token, env.line_offset(token))
            raise BuildError(
                f"invalid include parameters '{leftover}' (use key=\"value\" or key=variable)",
                env.source_name(token), line, col)

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        env: JekyllEnvironment = context.env  # type: ignore[assignment]
        name = self.render_name(context)
        folder = "the page's folder" if self.relative else "_includes/"
        if ".." in PurePosixPath(name).parts:
            # Jekyll refuses '..' too; the file is never read.
            raise self.error(env, f"{self.tag_name} path '{name}' leads out of {folder} "
                                  f"(keep included files inside {folder})")
        path = env.find_include(name, context, self.relative)
        if path is None:
            where = "next to the page" if self.relative else "in _includes/ or the theme"
            message = (f"included file '{name}' not found {where} "
                       f"(create it, or fix the name in the {self.tag_name} tag)")
            if inside_html_comment(self.token):
                # The output would sit inside an HTML comment: invisible, so only warn.
                line, col = token_position(self.token, env.line_offset(self.token))
                env.site.reporter.warn(message + "; it is inside an HTML comment, so the build goes on",
                                       env.source_name(self.token), line, col)
                return 0
            raise self.error(env, message)
        if env.site.leaves_site(path):
            raise self.error(env, f"included file '{name}' is a symlink to {path.resolve()}, "
                                  "outside the site, so it is not read (copy the file into the site)")
        env.site.depends_on(path)
        template = env.template_for_file(path)
        params = {key: (value.evaluate(context) if not isinstance(value, str) else value)
                  for key, value in self.params}
        env.include_stack.append((path, self))
        try:
            with context.extend({"include": params}), env.site.profile.template(template.name):
                template.render_with_context(context, buffer)
        except (ContextDepthError, RecursionError):
            # The innermost include sees the whole chain: name the loop in it.
            raise env.include_loop_error() from None
        except LoopIterationLimitError:
            if len({p for p, _ in env.include_stack}) < len(env.include_stack):
                raise env.include_loop_error(loops=True) from None  # it includes itself
            raise
        finally:
            env.include_stack.pop()
        return 1

    def error(self, env: "JekyllEnvironment", message: str) -> BuildError:
        line, col = token_position(self.token, env.line_offset(self.token))
        return BuildError(message, env.source_name(self.token), line, col)

    @property
    def tag_name(self) -> str:
        return "include_relative" if self.relative else "include"

    def render_name(self, context: RenderContext) -> str:
        if self.name_template is None:
            return self.name
        return render_fragment(self.name_template, context).strip()


class IncludeRelativeNode(IncludeNode):
    relative = True


class IncludeTag(Tag):
    name = "include"
    block = False
    node_class = IncludeNode

    def parse(self, stream: TokenStream) -> Node:
        token = stream.eat(TOKEN_TAG)
        markup = tag_markup(stream)
        if not markup.strip():
            env = self.env
            line, col = token_position(token, env.line_offset(token))
            raise BuildError(f"{self.name} needs a file name", env.source_name(token), line, col)
        return self.node_class(token, self.env, markup)


class IncludeRelativeTag(IncludeTag):
    name = "include_relative"
    node_class = IncludeRelativeNode


# --- highlight -----------------------------------------------------------------

class HighlightNode(Node):
    def __init__(self, token: Token, language: str, linenos: bool, block):
        super().__init__(token)
        self.language, self.linenos, self.block = language, linenos, block
        self.blank = False

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        inner = StringIO()
        self.block.render(context, inner)
        return buffer.write(highlight_block(inner.getvalue(), self.language, self.linenos))


class HighlightTag(Tag):
    name = "highlight"
    end = "endhighlight"
    block = True

    def parse(self, stream: TokenStream) -> Node:
        token = stream.eat(TOKEN_TAG)
        markup = tag_markup(stream)
        if stream.current.kind == TOKEN_EXPRESSION:
            next(stream)  # a block tag moves on to its body itself
        words = markup.split()
        if not words:
            line, col = token_position(token, self.env.line_offset(token))
            raise BuildError("highlight needs a language, e.g. {% highlight python %}",
                             self.env.source_name(token), line, col)
        language = words[0]
        linenos = any(w.startswith("linenos") for w in words[1:])
        block = get_parser(self.env).parse_block(stream, ("endhighlight",))
        stream.expect(TOKEN_TAG, value="endhighlight")
        return HighlightNode(token, language, linenos, block)


# --- link and post_url -----------------------------------------------------------

class LinkNode(Node):
    def __init__(self, token: Token, target: str, kind: str):
        super().__init__(token)
        self.target, self.kind = target.strip(), kind
        self.blank = False
        self.template = None

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        env: JekyllEnvironment = context.env  # type: ignore[assignment]
        target = self.target
        if "{{" in target:
            target = render_fragment(env.from_string(target), context).strip()
        url = env.site_url_for(target, self.kind)
        if url is None:
            what = "post" if self.kind == "post_url" else "file"
            line, col = token_position(self.token, env.line_offset(self.token))
            raise BuildError(f"{self.kind}: no {what} '{target}' in the site (check the path "
                             f"{'and date ' if self.kind == 'post_url' else ''}of the target)",
                             env.source_name(self.token), line, col)
        return buffer.write(compute_relative_url(url, env.site.config))


class LinkTag(Tag):
    name = "link"
    block = False

    def parse(self, stream: TokenStream) -> Node:
        token, markup = tag_parts(stream)
        return LinkNode(token, markup, self.name)


class PostUrlTag(LinkTag):
    name = "post_url"


# --- the environment -------------------------------------------------------------

def value_errors_as_liquid_errors(name: str, function):
    """A filter whose ValueErrors, lookup, attribute and arithmetic errors are Liquid
    errors, reported where the filter is used: python-liquid's own ``round``, ``floor``...
    raise them for a front matter value of ``.nan`` or ``.inf``, ``compact: 'key'`` a
    KeyError on a hash, ``uniq`` an AttributeError on a page."""
    @functools.wraps(function)
    def guarded(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except (ValueError, LookupError, ArithmeticError, AttributeError) as err:
            raise FilterArgumentError(f"{name}: {err}", token=None) from err
    return guarded


# Ruby Liquid's string filters take their arguments' ``to_s``: nil is "", false "false".
STRING_ARGUMENT_FILTERS = frozenset({"append", "prepend", "replace", "replace_first",
                                     "replace_last", "remove", "remove_first", "remove_last",
                                     "split", "join"})


def ruby_string_arguments(function):
    from scholarsite.liquid.filters import ruby_to_s

    @functools.wraps(function)
    def converted(value, *args, **kwargs):
        return function(value, *(a if isinstance(a, str) else ruby_to_s(a) for a in args),
                        **kwargs)
    return converted


INCLUDE_DEPTH = 100


MAX_LOOP_ITERATIONS = 10_000_000  # scholarsite.max_loop_iterations in _config.yml
MAX_OUTPUT_MB = 100  # scholarsite.max_output_mb (counted in characters)


class BoundedOutput(StringIO):
    """A render's output, stopped at the size limit. (python-liquid's own LimitedStringIO
    translates CRLF line ends and encodes every write to count bytes.)"""

    def __init__(self, limit: int):
        super().__init__()
        self.limit, self.size = limit, 0

    def write(self, text: str) -> int:
        self.size += len(text)
        if self.size > self.limit:
            raise OutputStreamLimitError("output stream limit reached", token=None)
        return super().write(text)


class BoundedContext(RenderContext):
    def get_buffer(self, buf=None) -> StringIO:  # a capture's buffer: what is left
        used = buf.size if isinstance(buf, BoundedOutput) else 0
        return BoundedOutput(self.env.output_limit - used)


class BoundedTemplate(BoundTemplate):
    context_class = BoundedContext

    def _get_buffer(self) -> StringIO:
        return BoundedOutput(self.env.output_limit)


def own_limit(site, key: str, default: int) -> int:
    own = site.config.get("scholarsite")
    value = own.get(key, default) if isinstance(own, dict) else default
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise BuildError(f"scholarsite.{key} is '{value}' (give a whole number above 0)",
                         "_config.yml")
    return value


class JekyllEnvironment(Environment):
    """One per build; knows the site, caches parsed templates by file."""

    template_class = BoundedTemplate

    def __init__(self, site: "Site"):
        liquid_config = site.config.get("liquid") or {}
        super().__init__(
            tolerance=Mode.STRICT,
            strict_filters=bool(liquid_config.get("strict_filters")),
            undefined=StrictUndefined if liquid_config.get("strict_variables") else Undefined,
        )
        # Ruby Liquid stops at 100 nested scopes (Liquid::Block::MAX_DEPTH): a recursive
        # include 99 deep renders in Jekyll, and so it does here.
        self.context_depth_limit = 2 * INCLUDE_DEPTH + 2  # an include pushes two namespaces
        # Output is bounded as input is (scholarsite.max_page_mb): a loop over a huge range,
        # or nested loops whose lengths multiply past the limit, stop before they start;
        # a render growing past the output limit stops as it gets there.
        self.loop_iteration_limit = own_limit(site, "max_loop_iterations", MAX_LOOP_ITERATIONS)
        self.output_limit = own_limit(site, "max_output_mb", MAX_OUTPUT_MB) * 1_000_000
        # Each level of include costs about 20 Python frames.
        sys.setrecursionlimit(max(sys.getrecursionlimit(), 25 * INCLUDE_DEPTH + 1000))
        self.site = site
        self.templates: dict[Path, Any] = {}
        self.offsets: dict[str, int] = {}
        self.names_by_source: dict[str, str] = {}
        self.include_stack: list[tuple[Path, IncludeNode]] = []  # includes being rendered
        self.sources_by_name: dict[str, str] = {}  # the latest text parsed under each name
        # Jekyll's liquid.error_mode: 'warn' (its default) and 'lax' read what Ruby
        # Liquid's strict parser refuses as its lax parser does; 'strict' stops there.
        self.error_mode = str(liquid_config.get("error_mode") or "warn").lower()
        from scholarsite.liquid import blank
        self.blank_semantics = blank.semantics(site.config)
        self.add_tag(JekyllOutput)
        from scholarsite.liquid.lax_tags import LAX_TAGS
        for tag in LAX_TAGS:
            self.add_tag(tag)
        self.add_tag(IncludeTag)
        self.add_tag(IncludeRelativeTag)
        self.add_tag(HighlightTag)
        self.add_tag(LinkTag)
        self.add_tag(PostUrlTag)
        from scholarsite.plugins import registry
        for tag in registry.tags():
            self.add_tag(tag)
        for name, function in registry.filters().items():
            self.add_filter(name, function)
        from scholarsite.liquid.filters import JEKYLL_FILTERS
        for name, function in JEKYLL_FILTERS.items():
            self.add_filter(name, function)
        from scholarsite.liquid.arithmetic import MATH_FILTERS
        for name, function in MATH_FILTERS.items():
            self.add_filter(name, function)
        from scholarsite.liquid.safe import SAFE_FILTERS
        for name, function in SAFE_FILTERS.items():
            self.add_filter(name, function)
        for setup in registry.setups():
            setup(self)
        for name, function in list(self.filters.items()):
            if name in STRING_ARGUMENT_FILTERS:
                function = ruby_string_arguments(function)
            self.filters[name] = value_errors_as_liquid_errors(name, function)

    def error(self, exc, msg=None, token=None):
        # A syntax error at the end of an expression (``{% if a and %}``) carries a token
        # with no position: point at the tag or output statement being parsed instead.
        if isinstance(exc, LiquidError) and exc.token is not None and exc.token.start_index < 0 \
                and token is not None and token.start_index >= 0:
            exc.token = token
        super().error(exc, msg, token)

    # Templates are named by their source path, so errors can say where they are.
    def parse_source(self, text: str, name: str, line_offset: int = 0):
        self.offsets[name] = line_offset
        self.names_by_source[text] = name
        self.sources_by_name[name] = text
        try:
            return self.from_string(text, name=name, path=name)
        except LiquidError as err:
            if isinstance(err.__cause__, BuildError):  # our tags' own parse errors
                raise err.__cause__ from None
            raise self.located(err, name) from None

    def located(self, err: LiquidError, fallback_name: str) -> BuildError:
        token = err.token
        # python-liquid names the template only for some errors; the token's source tells
        name = str(err.template_name or (self.names_by_source.get(token.source) if token else None)
                   or fallback_name)
        message = str(err.message if hasattr(err, "message") else err).strip()
        if token is None or token.start_index < 0:
            unclosed = re.search(r"expected tag end(\w+)", message)
            source = self.sources_by_name.get(name)
            if unclosed and source is not None:
                opening = unclosed_tag_position(source, unclosed.group(1))
                if opening is not None:
                    line, col = opening
                    return BuildError(f"Liquid error: '{unclosed.group(1)}' tag is never closed "
                                      f"(add {{% end{unclosed.group(1)} %}})", name,
                                      line + self.offsets.get(name, 0), col)
            open_block = innermost_unclosed_block(source) if source is not None else None
            if open_block is not None:  # the text ended inside it
                tag, line, col = open_block
                return BuildError(f"Liquid error: '{tag}' tag is never closed (add "
                                  f"{{% end{tag} %}})", name, line + self.offsets.get(name, 0), col)
            return BuildError(f"Liquid error: {message}", name)
        line, col = token_position(token, self.offsets.get(name, 0))
        if message.startswith("loop iteration limit reached"):
            return BuildError(f"this loop would run more than {self.loop_iteration_limit:,} "
                              "times with the loops around it (loop over less, or raise "
                              "scholarsite.max_loop_iterations in _config.yml)", name, line, col)
        if message.startswith("output stream limit reached"):
            return BuildError(f"the page grows past {self.output_limit // 1_000_000} MB "
                              "of output here (render less, or raise scholarsite.max_output_mb "
                              "in _config.yml)", name, line, col)
        unknown = re.match(r"unexpected tag '(\w+)'", message)
        if unknown and unknown.group(1) == "raw":  # the lexer found no endraw after it
            return BuildError("Liquid error: 'raw' tag is never closed (add {% endraw %})",
                              name, line, col)
        if unknown:  # plugins' tags warn (plugins/ruby_plugins.py): this is a stray end tag
            return BuildError(f"Liquid error: '{{% {unknown.group(1)} %}}' is out of place here "
                              "(it closes or continues no block; remove it)", name, line, col)
        return BuildError(f"Liquid error: {message}", name, line, col)

    def source_name(self, token: Token) -> str:
        """The file a token came from (tags raise errors with only the token)."""
        return self.names_by_source.get(token.source, "?")

    def line_offset(self, token: Token) -> int:
        return self.offsets.get(self.source_name(token), 0)

    def template_for_file(self, path: Path):
        template = self.templates.get(path)
        if template is None:
            from scholarsite.frontmatter import decode_utf8
            name = self.display_name(path)
            text = decode_utf8(path.read_bytes(), name)
            template = self.templates[path] = self.parse_source(text, name)
        return template

    def display_name(self, path: Path) -> str:
        for root in (self.site.source, self.site.theme_dir):
            if root is not None:
                try:
                    prefix = "theme:" if root == self.site.theme_dir else ""
                    return prefix + path.relative_to(root).as_posix()
                except ValueError:
                    continue
        return str(path)

    def find_include(self, name: str, context: RenderContext, relative: bool) -> Path | None:
        """The included file, or None. A leading '/' is inside the folder, as in
        Jekyll's File.join, so an absolute path never reaches outside the site."""
        site = self.site
        name = name.lstrip("/")
        if not name:
            return None
        if relative:
            page = context.resolve("page")
            doc = getattr(page, "doc", None)
            base = PurePosixPath(doc.relative_path).parent if doc is not None else PurePosixPath("")
            candidate = site.source / base / name
            return candidate if candidate.is_file() else None
        return site.find_template_file(name, "_includes")

    def include_loop_error(self, loops: bool = False) -> BuildError:
        """Includes nested past Liquid's limit (Jekyll's "Nesting too deep"), or, with
        ``loops``, nested inside loops that would together run past the loop limit: name
        the file that comes back. Whether it would have stopped later is not known, so
        this does not call it a cycle."""
        names = [self.display_name(path) for path, _ in self.include_stack]
        first_repeat = next((j for j, name in enumerate(names) if name in names[:j]), None)
        depth = f"includes nested {len(names)} deep, deeper than Jekyll allows ({INCLUDE_DEPTH})"
        if loops:
            depth = (f"includes nested {len(names)} deep in loops that would run more than "
                     f"{self.loop_iteration_limit:,} times")
        if first_repeat is None:
            node = self.include_stack[-1][1]
            message = f"{depth}: {' -> '.join(names)} (nest fewer includes)"
        else:
            node = self.include_stack[first_repeat][1]
            chain = names[names.index(names[first_repeat]):first_repeat + 1]
            message = (f"{depth}: {' -> '.join(chain)} comes back {names.count(chain[0])} "
                       "times (an include that includes itself needs a condition that stops "
                       f"it within {INCLUDE_DEPTH - 1} levels)")
        return node.error(self, message)

    def site_url_for(self, target: str, kind: str) -> str | None:
        site = self.site
        if kind == "post_url":
            for post in site.posts:
                stem = PurePosixPath(post.relative_path).stem
                rel_inside = re.sub(r"^(?:.*?/)?_posts/", "", post.relative_path)
                if target in (stem, str(PurePosixPath(rel_inside).with_suffix(""))):
                    return post.url
            return None
        target = target.lstrip("/")
        for doc in site.all_renderable():
            if doc.relative_path == target:
                return doc.url
        for static in site.static_files:
            if static.relative_path == target:
                return "/" + static.destination_path
        return None
