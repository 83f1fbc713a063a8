"""Deterministic Fivetran-style identifiers (``adjective_noun`` slugs)."""

from __future__ import annotations

import random
import uuid
from collections.abc import Container

__all__ = ["new_slug", "new_uuid"]

_ADJECTIVES = tuple(
    """
    able abrupt absent acoustic active adept agile airy alert amber ample ancient apt
    arctic ardent artful astute atomic august autumn avid balmy bashful beaming bold
    brave breezy brisk bright bronze bubbly busy calm candid careful casual cerulean
    cheerful chilly civic classic clever cloudy coastal cobalt cosmic cozy crafty crisp
    curious dainty dapper daring decent deft dense devout dewy diligent direct distant
    docile dusky dynamic eager early earnest easy elated elder electric elegant eminent
    epic equal exact exotic fabled fair faithful famous fancy fearless feisty fervent
    festive fiery final firm fluent flying fond formal frank free fresh frosty frugal
    gallant gentle genuine giant gifted gilded glad gleaming global golden graceful
    grand grateful gusty handy happy hardy hasty hazy hearty helpful heroic hidden
    honest humble icy ideal idle immense inland intent ivory jade jaunty jolly jovial
    joyful keen kind lasting lavish lean level light limber lively local lofty loyal
    lucid lucky lunar lush magnetic majestic mellow merry mighty mild misty modest
    modern molten mossy mutual narrow native neat nimble noble nomadic notable novel
    oaken obvious ocean olive onyx open optimal orderly ornate pacific patient peaceful
    pearly placid plain plucky polar polished polite precise prime prompt proper proud
    quaint quick quiet radiant rapid rare ready regal robust rosy royal rugged rustic
    sacred safe sandy scenic secret serene sharp shiny silent silken silver simple
    sincere sleek smooth snowy solar solid sonic spare spry stable stark steady stellar
    stoic stormy sturdy subtle sunny supreme swift tactful tame tender thrifty tidal
    tidy timely tranquil tropical true trusty upbeat urban valiant vast velvet verdant
    vivid vocal warm wary wavy wealthy whole wild windy wise witty woven young zealous
    zesty
    """.split()  # noqa: SIM905
)

_NOUNS = tuple(
    """
    acorn anchor anvil apple arbor arch arrow aspen atlas aurora badger bamboo banner
    barley basin beacon beetle bison blossom boulder bramble breeze bridge brook buffalo
    cactus canal canyon capstan cardinal cascade castle cedar cello channel cherry
    cinder citadel clover comet compass condor copper coral cosmos cottage coyote crane
    crater creek crystal cypress dahlia delta desert dolphin dove dragon dune eagle
    easel echo egret ember falcon fern ferry fjord flint forest fossil fountain fox
    galaxy garnet geyser glacier glade granite grove gull harbor hawk hazel heron hill
    horizon hornet iris island ivy jaguar jasper juniper kayak kernel kestrel kiwi lagoon
    lantern larch lark laurel lemon lichen lily linden lotus lynx magnet mango maple
    marble marsh meadow mesa meteor mint mirror monsoon moose moss mountain nebula
    nectar nutmeg oasis ocelot olive onyx orchard orchid osprey otter owl oyster panda
    panther papyrus pebble pelican pepper pine planet plateau plum pond poplar prairie
    prism puffin quail quarry quartz quill rabbit raven reef ridge river robin rocket
    sable saffron sage salmon sapphire savanna sequoia shore sierra sparrow spruce
    squirrel star stream summit swan sycamore tangent temple thistle thunder tide tiger
    timber topaz tortoise trail trout tulip tundra turtle valley vapor violet volcano
    walnut walrus wave willow wind wolf wren yarrow yew zenith zephyr
    """.split()  # noqa: SIM905
)


def new_slug(rng: random.Random, taken: Container[str]) -> str:
    """Return a fresh ``adjective_noun`` slug not in ``taken``, drawn from ``rng``."""
    for _ in range(64):
        slug = f"{rng.choice(_ADJECTIVES)}_{rng.choice(_NOUNS)}"
        if slug not in taken:
            return slug
    # The two-word space is nearly exhausted: add a numeric suffix (still deterministic).
    while True:
        slug = f"{rng.choice(_ADJECTIVES)}_{rng.choice(_NOUNS)}{rng.randrange(10, 10_000)}"
        if slug not in taken:
            return slug


def new_uuid(rng: random.Random) -> str:
    """Return a deterministic random (version 4) UUID string drawn from ``rng``."""
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))
