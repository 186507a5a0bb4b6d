"""
``{% fragment "name" tag tag ... %}...{% endfragment %}``: a part of a public
page cached on its own, invalidated by the same tags as whole pages
(``core.fragments.fragment``). The tags are model instances, strings, or
lists of them (``post.categories.all``); the name says what else the HTML
depends on.
"""

from django import template

from core.fragments import fragment

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, nodelist: template.NodeList, name, tags: list) -> None:
        self.nodelist = nodelist
        self.name = name
        self.tags = tags

    def render(self, context: template.Context) -> str:
        request = context.get("request")
        if request is None:
            return self.nodelist.render(context)
        name = str(self.name.resolve(context))
        tags = [tag.resolve(context) for tag in self.tags]
        return fragment(request, name, tags, lambda: self.nodelist.render(context))


@register.tag("fragment")
def do_fragment(parser: template.base.Parser, token: template.base.Token) -> FragmentNode:
    bits = token.split_contents()
    if len(bits) < 3:
        raise template.TemplateSyntaxError(
            f"'{bits[0]}' needs a name and at least one tag: {{% fragment \"name\" post %}}"
        )
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(
        nodelist, parser.compile_filter(bits[1]), [parser.compile_filter(b) for b in bits[2:]]
    )
