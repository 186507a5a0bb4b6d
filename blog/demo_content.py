"""
Demo content for Common Ground, loaded by ``manage.py load_demo``.

Everything here is fictional and was written for this project: the authors, their
credentials, the posts and the reader comments. Links point only at the reserved
example.com, example.org, example.net and example.invalid domains. The module is plain
Python data so that each app's ``demo`` loader can read the part it needs.
"""

from textwrap import dedent


def _md(text: str) -> str:
    """Dedent a triple-quoted Markdown block and trim its blank first and last lines."""
    return dedent(text).strip() + "\n"


AUTHORS = [
    {
        "username": "maya",
        "name": "Maya Okafor",
        "slug": "maya-okafor",
        "pronoun_label": "Book with her here",
        "headline": "Couples therapist in Portland",
        "short_bio": (
            "Maya is a licensed marriage and family therapist in Portland, Oregon. She helps "
            "couples find their way back to each other after betrayal, burnout and the slow drift "
            "of busy lives."
        ),
        "bio": _md(
            """
            Maya Okafor is a licensed marriage and family therapist who has worked with couples in
            Portland, Oregon, for over a decade. Before training as a therapist she taught
            secondary-school English, which she says was excellent preparation for listening to two
            people who both want to be heard first.

            In her practice she works mostly with:

            - couples recovering from an affair or another breach of trust
            - partners navigating big transitions, like new parenthood or a move
            - couples who love each other but keep having the same argument

            Outside the therapy room, Maya writes for Common Ground, tends an overambitious
            vegetable garden and is slowly learning the cello.
            """
        ),
        "booking_url": "https://example.com/book/maya-okafor",
        "website": "https://example.org/maya-okafor-therapy",
        "credentials": [
            {
                "abbreviation": "MA",
                "title": "Master of Arts in Counseling Psychology",
                "kind": "degree",
                "issuer": "Cascade Graduate School of Psychology",
                "jurisdiction": "",
                "licence_number": "",
                "expires_in_days": None,
                "verified": True,
            },
            {
                "abbreviation": "LMFT",
                "title": "Licensed Marriage and Family Therapist",
                "kind": "licence",
                "issuer": "State Board of Licensed Counselors and Therapists",
                "jurisdiction": "Oregon",
                "licence_number": "T4821",
                "expires_in_days": 410,
                "verified": True,
            },
            {
                "abbreviation": "CCR",
                "title": "Certificate in Couples Recovery after Infidelity",
                "kind": "certification",
                "issuer": "Pacific Institute for Relationship Studies",
                "jurisdiction": "",
                "licence_number": "",
                "expires_in_days": 730,
                "verified": False,
            },
        ],
        "colour": (196, 112, 84),
    },
    {
        "username": "daniel",
        "name": "Daniel Reyes",
        "slug": "daniel-reyes",
        "pronoun_label": "Book with him here",
        "headline": "Counselor for anxious daters and stuck couples in Denver",
        "short_bio": (
            "Daniel is a licensed professional counselor in Denver, Colorado. He works with "
            "individuals and couples on anxiety, conflict and the patterns we learned long before "
            "we met our partners."
        ),
        "bio": _md(
            """
            Daniel Reyes is a licensed professional counselor based in Denver, Colorado. He sees
            individuals and couples, in person and online, and has a particular interest in how
            anxiety shows up in relationships.

            His approach is practical and warm. Expect some homework, a fair amount of curiosity
            about your family history, and the occasional terrible pun. He believes most people
            arrive in therapy already knowing a lot about what they need; his job is to help them
            hear it.

            When he isn't working, Daniel is usually on a trail with his dog, Biscuit, or losing at
            board games to his nieces.
            """
        ),
        "booking_url": "https://example.com/book/daniel-reyes",
        "website": "",
        "credentials": [
            {
                "abbreviation": "MS",
                "title": "Master of Science in Clinical Mental Health Counseling",
                "kind": "degree",
                "issuer": "Rocky Ridge University",
                "jurisdiction": "",
                "licence_number": "",
                "expires_in_days": None,
                "verified": True,
            },
            {
                "abbreviation": "LPC",
                "title": "Licensed Professional Counselor",
                "kind": "licence",
                "issuer": "State Board of Licensed Professional Counselor Examiners",
                "jurisdiction": "Colorado",
                "licence_number": "LPC-20817",
                "expires_in_days": 30,
                "verified": True,
            },
            {
                "abbreviation": "CAIP",
                "title": "Certificate in Anxiety-Informed Practice",
                "kind": "certification",
                "issuer": "Mountain West Counseling Institute",
                "jurisdiction": "",
                "licence_number": "",
                "expires_in_days": None,
                "verified": True,
            },
        ],
        "colour": (70, 110, 140),
    },
    {
        "username": "priya",
        "name": "Priya Raman",
        "slug": "priya-raman",
        "pronoun_label": "Book a session with me",
        "headline": "Essayist and writing-workshop host",
        "short_bio": (
            "Priya writes personal essays about love, loss and the messy middle of relationships. "
            "They are not a therapist; they run small, gentle writing workshops for people working "
            "through a breakup."
        ),
        "bio": _md(
            """
            Priya Raman is an essayist who writes about relationships from the inside: long
            distance, breakups, family expectations, and the slow work of figuring out what you
            actually want. Their essays have appeared in a handful of small magazines and one very
            kind anthology.

            Priya isn't a therapist. Their posts on Common Ground come from lived experience and
            conversations with readers rather than clinical training, and where a topic calls for
            professional support, they say so.

            They also run small online writing workshops for people going through the end of a
            relationship:

            - sessions are low-pressure and last about an hour
            - you never have to share what you write
            - cameras are optional
            """
        ),
        "booking_url": "https://example.com/book/priya-raman-workshops",
        "website": "https://example.org/priya-raman",
        "credentials": [
            {
                "abbreviation": "MFA",
                "title": "Master of Fine Arts in Creative Nonfiction",
                "kind": "degree",
                "issuer": "Northfield School of the Arts",
                "jurisdiction": "",
                "licence_number": "",
                "expires_in_days": None,
                "verified": False,
            },
        ],
        "colour": (120, 150, 105),
    },
]

CATEGORIES = [
    {
        "name": "Trust & Communication",
        "slug": "trust-communication",
        "description": (
            "How couples talk, argue, apologise and **rebuild trust** when it has been bent or "
            "broken."
        ),
    },
    {
        "name": "Dating",
        "slug": "dating",
        "description": (
            "First dates, new relationships and long distance, with a little less guesswork and a "
            "lot more kindness."
        ),
    },
    {
        "name": "Couples Therapy",
        "slug": "couples-therapy",
        "description": (
            "What happens in the therapy room, what the research suggests, and how to tell whether "
            "it might help you."
        ),
    },
    {
        "name": "Self-Care & Boundaries",
        "slug": "self-care-boundaries",
        "description": (
            "Looking after yourself inside your relationships: *boundaries*, grief, anxiety and "
            "rest."
        ),
    },
]

TAGS = [
    {"name": "Trust", "slug": "trust"},
    {"name": "Conflict", "slug": "conflict"},
    {"name": "Attachment", "slug": "attachment"},
    {"name": "Anxiety", "slug": "anxiety"},
    {"name": "Infidelity", "slug": "infidelity"},
    {"name": "Long distance", "slug": "long-distance"},
    {"name": "Boundaries", "slug": "boundaries"},
    {"name": "First dates", "slug": "first-dates"},
    {"name": "Therapy basics", "slug": "therapy-basics"},
    {"name": "Breakups", "slug": "breakups"},
    {"name": "Intimacy", "slug": "intimacy"},
    {"name": "Money", "slug": "money"},
]

POSTS = [
    {
        "slug": "rebuilding-trust-after-betrayal",
        "title": "Rebuilding trust after a betrayal: what actually helps",
        "author": "maya",
        "status": "published",
        "days_ago": 12,
        "categories": ["trust-communication", "couples-therapy"],
        "tags": ["trust", "infidelity"],
        "excerpt": (
            "Trust rarely comes back through one big gesture. It returns in small, checkable "
            "moments, and both people have work to do."
        ),
        "image_alt": "Soft terracotta circles overlapping on a pale sand-coloured background",
        "palette": ((236, 214, 190), (196, 120, 96)),
        "related": ["how-to-apologise-so-it-lands"],
        "body": _md(
            """
            When someone you love breaks a promise that mattered (an affair, a hidden debt, a secret
            kept for years) the ground shifts. Many couples I work with describe the weeks
            afterwards as living in two timelines at once: the relationship they thought they had,
            and the one they are suddenly in.

            Trust can be rebuilt. Not always, and not on a schedule, but far more often than people
            expect in that first raw week. What follows is the general shape of that work as I see
            it in my practice. Every couple is different, so treat it as a map rather than a set of
            rules.

            ## First, slow everything down

            Big decisions made in the first days after a discovery tend to be made by the part of us
            that is in shock. Unless you are unsafe, you usually don't need to decide tonight
            whether the relationship is over. It is fine to say, "I can't think about the future
            yet. I need some time to understand what happened."

            ## If you broke the trust: become easy to check

            Trust is rebuilt through evidence, and evidence needs to be visible. That often means a
            season of unusual openness:

            - Answering questions honestly, even the repetitive ones, without sighing or saying
              "we've been over this."
            - Offering information before it is asked for: "I'm running late, and here's where I
              am."
            - Ending the contact or behaviour that caused the harm, clearly, and saying that you
              have.
            - Accepting that your partner's suspicion is a reasonable response to what happened, not
              an attack.

            This is uncomfortable. It is meant to be temporary, and it works best when it is offered
            rather than extracted.

            ## If you were hurt: let the small deposits count

            This part is quieter, and easy to miss. When you are hurt, your attention naturally
            scans for danger. Over time, it helps to also notice the moments when your partner did
            what they said they would. You don't have to announce that you noticed. Just let the
            evidence count.

            It is also completely normal for the hurt to come back in waves: on an anniversary, in a
            song, on a random Tuesday. A wave is not a failure of the repair.

            ## Questions to talk through, eventually

            When you are both a little steadier, these conversations tend to matter more than the
            details of what happened:

            1. What was going on for you, and for us, in the months before this?
            2. What did you tell yourself that made it possible to keep it hidden?
            3. What would you need from me to feel safe telling me something hard in the future?
            4. What do we each want the relationship to look like a year from now?

            > Understanding why something happened is not the same as excusing it. You can hold both
            > at once.

            ## When to get help

            If conversations keep collapsing into the same fight, or if one of you feels unable to
            speak freely, a couples therapist can hold the structure so you don't have to. It is
            also worth each of you having your own support, such as a friend, a counsellor or a
            group, so the relationship is not the only place the pain can go.

            Rebuilding trust is slow, and it is not linear. But couples who do this work often tell
            me, much later, that they now talk to each other more honestly than they did before
            anything broke.
            """
        ),
    },
    {
        "slug": "how-to-apologise-so-it-lands",
        "title": "How to apologise so it actually lands",
        "author": "maya",
        "status": "published",
        "days_ago": 25,
        "categories": ["trust-communication"],
        "tags": ["trust", "conflict"],
        "excerpt": "",
        "image_alt": "A blush-pink gradient with a blurred cream glow near the centre",
        "palette": ((242, 226, 210), (214, 150, 130)),
        "related": [],
        "body": _md(
            """
            Most of us know the failed versions. "I'm sorry you feel that way." "I'm sorry, but you
            have to admit..." The sentence contains the word sorry, and yet the other person walks
            away feeling less heard than before.

            An apology is not a password you say to end an argument. It is a way of showing someone
            that you understand what happened to them. When it works, it is one of the most powerful
            repair tools a couple has.

            ## The four parts of an apology that lands

            1. **Name what you did, specifically.** "I'm sorry I made a joke about your job in front
               of your parents" lands. "Sorry about last night" mostly doesn't.
            2. **Show that you understand the impact.** "I think it made you feel small, in a room
               where you already felt judged."
            3. **Take responsibility without a footnote.** Leave out the "but". If there is context
               worth explaining, save it for a later conversation, and only if they want to hear it.
            4. **Say what will be different.** "Next time I'm nervous at your parents' house, I'll
               keep the jokes about me."

            ## What to leave out

            - Long explanations of your intentions. Your intentions matter to you; the impact is
              what matters to them right now.
            - Asking for forgiveness on the spot. "So are we okay?" turns their hurt into a task
              they have to complete.
            - Apologising for their feelings rather than for your actions.
            - Over-apologising until they end up comforting you. This one is sneaky, and very
              common.

            ## When the apology doesn't seem to work

            Sometimes you do everything right and the other person is still upset. That doesn't mean
            the apology failed; hurt doesn't always leave the moment it is acknowledged. You might
            try: "I can see it's still sitting with you. I'm not going anywhere. Do you want to talk
            more, or would some space help?"

            If the same apology keeps being needed, that is worth noticing too. An apology with no
            change behind it eventually stops meaning anything, for both of you.

            ## Receiving an apology

            Part of this skill belongs to the listener. If your partner offers a real apology, you
            don't have to pretend you're fine. But it can help to let them know it reached you:
            "Thank you. That helps. I'm still a bit sore, and I appreciate you saying it."

            Letting an apology land is not the same as saying the hurt didn't matter. It simply
            tells the other person that repair is possible, which makes them more likely to try
            again next time.

            ## A short script to practise

            > "I'm sorry I [specific action]. I think it left you feeling [impact]. That's on me.
            > Next time, I'm going to [change]. Is there anything I've missed?"

            That last question is the one people skip, and it is often the one that matters most. It
            tells the other person that you are still listening, and that the apology is the start
            of a conversation rather than the end of one.
            """
        ),
    },
    {
        "slug": "fighting-fair",
        "title": "Fighting fair: ground rules for arguments that don't wreck the relationship",
        "author": "daniel",
        "status": "published",
        "days_ago": 33,
        "categories": ["trust-communication"],
        "tags": ["conflict"],
        "excerpt": (
            "Conflict isn't the problem; the way we fight often is. Practical ground rules, with a "
            "few swaps you can try tonight."
        ),
        "image_alt": "Cool blue and slate shapes meeting softly in a misty gradient",
        "palette": ((225, 232, 238), (90, 120, 150)),
        "related": ["how-to-apologise-so-it-lands"],
        "body": _md(
            """
            Every couple argues. The couples who worry me most are not the ones who disagree often,
            but the ones who have stopped disagreeing out loud, or whose arguments leave one person
            frightened or flattened. Conflict, done reasonably well, is how two people keep
            adjusting to each other over the years.

            Here is how I help couples fight in a way that leaves the relationship intact.

            ## Agree on the rules while you're calm

            Ground rules made in the middle of an argument rarely hold. Pick a quiet evening and
            decide together what is off the table. Common ones include:

            - No name-calling, swearing at each other or mocking.
            - No using the other person's family as a weapon.
            - Either person can call a pause, and the pause will be respected.
            - Whoever calls a pause also says when you'll come back to it.

            ## Start softly

            How a conversation starts often predicts how it ends. Opening with criticism ("You never
            think about anyone but yourself") invites a defence. Opening with your own experience
            and a clear request gives the other person somewhere to go.

            | Instead of | Try |
            | --- | --- |
            | "You always leave it all to me." | "I'm exhausted. Can you do the kitchen tonight?" |
            | "You don't care about my friends." | "It matters to me that you come on Saturday." |
            | "Why are you like this?" | "I felt hurt when you looked at your phone just now." |
            | "Fine. Whatever." | "I'm too wound up to talk well. Can we try at eight?" |

            ## Take breaks that actually work

            When your heart is pounding and your thinking narrows, you are not going to have your
            best ideas. A break helps if it lasts at least twenty minutes, if you spend it doing
            something genuinely calming rather than rehearsing your case, and if you come back when
            you said you would. Walking out with no word about returning is not a break. It is an
            exit, and your partner will feel it that way.

            ## Stay with one topic

            "And another thing..." is how a disagreement about the dishes becomes a trial of the
            whole relationship. If something else comes up, name it and park it: "That matters too.
            Can we talk about it tomorrow?"

            ## Repair during the fight, not just after

            Small repair attempts, like a joke that lands, a hand on the arm, or "okay, I'm getting
            defensive", are some of the most useful things couples do. The trick is to accept them
            when they are offered, even when they are a bit clumsy.

            ## When fights aren't fair at all

            Everything above assumes two people on roughly equal footing. If arguments involve
            threats or intimidation, if your partner controls who you see or what you spend, or if
            you feel afraid of them, that is not a communication problem and these tips are not the
            answer. Please reach out to a local domestic abuse service or someone you trust, and
            talk with them about your safety.
            """
        ),
    },
    {
        "slug": "attachment-styles-explained",
        "title": "Attachment styles, explained without the jargon",
        "author": "daniel",
        "status": "published",
        "days_ago": 60,
        "categories": ["dating", "couples-therapy"],
        "tags": ["attachment", "anxiety"],
        "excerpt": "",
        "image_alt": "Lavender circles of different sizes drifting towards each other",
        "palette": ((236, 228, 246), (130, 110, 170)),
        "related": [],
        "body": _md(
            """
            You have probably seen the quizzes. Anxious, avoidant, secure, sometimes "disorganised":
            attachment language has travelled from research papers into dating profiles and group
            chats. It can be a genuinely helpful lens. It can also turn into a set of labels we use
            to dismiss each other ("Oh, he's just avoidant"). So let's look at what the idea
            actually offers.

            ## Where the idea comes from

            Attachment theory began with studies of how young children respond when their caregivers
            come and go. Later researchers noticed that adults show similar patterns in close
            relationships. When we feel distant from someone we depend on, each of us has habitual
            ways of trying to restore a sense of safety.

            ## The broad patterns

            - **More secure:** closeness feels mostly comfortable, and so does a bit of distance.
              When something goes wrong, you can usually ask for what you need.
            - **More anxious:** distance feels alarming. You might seek reassurance, read a lot into
              a slow reply, or find it hard to settle until things feel resolved.
            - **More avoidant:** closeness can feel like pressure. You might withdraw when emotions
              run high, prize self-reliance, or feel relieved when you get some space.
            - **Mixed or fearful:** you want closeness and feel wary of it at the same time, which
              can be confusing from the inside.

            Notice the word "more". These are tendencies on a spectrum, not boxes. Most people shift
            depending on the relationship, their stress levels and their history with that
            particular person.

            ## The dance couples get stuck in

            The pattern I see most often is one partner reaching for connection while the other
            steps back to calm down. The more one pursues, the more the other withdraws; the more
            one withdraws, the more the other pursues. Both are trying to feel safe. Neither is the
            villain.

            Spotting the pattern together ("we're doing the thing again") often takes some of the
            heat out of it.

            ## What helps

            - Tell each other what you do when you feel disconnected, and what you are hoping for
              when you do it.
            - If you tend to pursue, try one clear request instead of many anxious messages.
            - If you tend to withdraw, say when you'll be back: "I need an hour, and then I want to
              talk."
            - Get curious about where your patterns came from, without turning the past into an
              excuse.

            ## Can attachment styles change?

            Research and clinical experience both suggest that people can become more secure over
            time, especially through relationships that are consistently responsive. Those can be
            romantic relationships, friendships or a relationship with a therapist. The change is
            slow, and it is possible.

            > A label should be the start of a conversation, not the end of one.

            This article is general information and isn't a substitute for therapy. If attachment
            patterns are causing you real distress, a therapist can help you explore them at a pace
            that feels safe.
            """
        ),
    },
    {
        "slug": "what-happens-in-a-first-couples-therapy-session",
        "title": "What actually happens in a first couples therapy session",
        "author": "maya",
        "status": "published",
        "days_ago": 2,
        "categories": ["couples-therapy"],
        "tags": ["therapy-basics"],
        "excerpt": (
            "Nervous about booking? Here is a walk-through of a typical first session, from the "
            "intake form to the questions you will probably be asked."
        ),
        "image_alt": "Sage-green and cream blurred circles on a calm, light background",
        "palette": ((240, 234, 220), (120, 150, 130)),
        "related": ["when-to-see-a-therapist"],
        "body": _md(
            """
            Booking a first couples session can feel like admitting defeat. I'd like to offer a
            different frame: it is maintenance. Most couples wait years longer than they need to,
            often because they don't know what happens in the room. So here is a walk-through of a
            typical first session in my practice. Other therapists work differently, but the broad
            shape is fairly common.

            ## Before you arrive

            You will usually fill in a short intake form, sometimes separately. It asks about your
            relationship history, what brings you in, and a few questions about safety. Answer
            honestly; nothing on it is a test.

            It is normal for one partner to be keener than the other. If that's you, it can help to
            say: "I'm not asking you to agree that everything is broken. I'm asking you to come once
            and see."

            ## The first ten minutes

            I explain confidentiality, how sessions work, and what I do with anything one of you
            tells me privately. Many couples therapists have a "no secrets" policy, so it is worth
            asking about. Then I usually ask something simple: "What made you decide to come now?"

            ## Telling your story

            Most of the first session is about understanding you as a couple:

            - How you met, and what drew you to each other.
            - What has been hard lately, from each of your points of view.
            - What you have already tried.
            - What you would each like to be different.

            You will probably each tell a different version of the story. That isn't a problem; it
            is information. My job isn't to decide who is right.

            ## It might feel a bit awkward

            Talking about your relationship in front of a stranger is unusual. Some people cry, some
            make jokes, some go quiet. All of that is fine. A good therapist will slow things down
            if a conversation gets too heated, and will make sure both of you get space to speak.

            ## The end of the session

            Towards the end, I share some early impressions and suggest how we might work together:
            how often, roughly for how long, and what we would focus on. Some therapists also
            arrange one individual session with each partner early on.

            You are allowed to ask questions, too:

            1. How do you usually work with couples?
            2. What happens if one of us wants to stop?
            3. How will we know whether it's helping?

            ## Afterwards

            It is common to feel tired, a bit raw, or unexpectedly hopeful. Try not to review the
            whole session in the car on the way home. Get some food, do something ordinary together,
            and let it settle.

            And if the fit doesn't feel right, it is okay to try someone else. The relationship with
            your therapist matters. You should both feel that they are on the side of the
            relationship, not on one person's side.
            """
        ),
    },
    {
        "slug": "dating-with-anxiety",
        "title": "Dating with anxiety: a gentler approach",
        "author": "daniel",
        "status": "published",
        "days_ago": 18,
        "categories": ["dating", "self-care-boundaries"],
        "tags": ["anxiety", "first-dates"],
        "excerpt": "",
        "image_alt": "Warm apricot light fading into a soft cream glow",
        "palette": ((250, 236, 214), (230, 160, 90)),
        "related": ["attachment-styles-explained"],
        "body": _md(
            """
            If you live with anxiety, dating can feel like an exam you are being marked on in real
            time. What do I wear? What if there's a silence? Why hasn't she replied? Did I say
            something weird? Many of my clients assume they need to get their anxiety "fixed" before
            they are allowed to date. I don't think that's true. You can date with anxiety; you may
            just need a slightly different plan.

            ## Choose dates that give your nerves somewhere to go

            A face-to-face dinner with nothing to look at but each other is the hardest format for
            many anxious people. Consider instead:

            - A walk, a market or a gallery: something with built-in things to talk about.
            - A short, fixed first meeting, such as coffee for forty-five minutes rather than an
              open-ended evening.
            - Places you already know, so the only unfamiliar thing is the person.

            ## Prepare, but don't script

            It's fine to keep two or three topics in your back pocket. It is less helpful to
            rehearse every possible conversation. Anxiety likes to promise that enough preparation
            will make you safe, but in practice over-rehearsing tends to pull you out of the moment
            you're actually in.

            ## Name it, if you want to

            You don't owe anyone your mental health history on a first date. Still, a light sentence
            can take the pressure off: "I get a bit nervous at these, so if I talk too fast, that's
            why." Most people find that relatable. Some will tell you they're nervous too.

            ## The waiting game

            For many people the hardest part isn't the date at all; it is the gap afterwards. A few
            things that help:

            1. Decide in advance how you'll spend the evening after a date: a friend, a film, a run.
            2. Notice the stories your mind writes about a slow reply, and remember that they are
               stories.
            3. Send your own message if you want to, then put your phone in another room for a
               while.
            4. Keep the other threads of your life going: friends, hobbies, rest.

            ## Tell yourself the truth about rejection

            Some dates won't go anywhere. That is true for everyone, including the confident-looking
            people you compare yourself with. A "no" from one person is information about fit, not a
            verdict on your worth.

            > Anxiety tells you the stakes are enormous. Most first dates are just two people having
            > a drink and seeing.

            ## When to look for more support

            If anxiety is stopping you from dating at all, or is affecting your sleep, work or
            friendships, it's worth talking with your doctor or a therapist. This post is general
            information and isn't a substitute for professional support. Anxiety is very common, and
            there is good help available for it.
            """
        ),
    },
    {
        "slug": "long-distance-rituals",
        "title": "Small rituals that make long distance feel shorter",
        "author": "priya",
        "status": "published",
        "days_ago": 95,
        "categories": ["dating"],
        "tags": ["long-distance"],
        "excerpt": (
            "Long-distance relationships run on rhythm, not grand gestures. A few rituals that "
            "readers say actually work."
        ),
        "image_alt": "A pale blue gradient with distant, glowing peach circles",
        "palette": ((214, 230, 240), (230, 170, 120)),
        "related": [],
        "body": _md(
            """
            I spent two years in a relationship that lived mostly inside a phone. We were eight
            hours apart, and for a while we tried to make up for the distance with long, heroic
            calls at terrible times of night. It didn't work. What eventually did was much smaller:
            a handful of rituals that made each of us feel present in the other's ordinary life.

            Since writing about that time, I've heard from a lot of readers in long-distance
            relationships. These are the ideas that come up again and again.

            ## Build a rhythm, not a marathon

            A predictable short call often does more than an unpredictable long one. If you know
            you'll speak for twenty minutes every weekday morning, you stop bracing for whether it
            will happen. Save the long calls for weekends, when you're not both exhausted.

            ## Share the boring stuff

            Distance pushes couples towards highlight-reel conversations: the big news, the good
            bits. But intimacy lives in the boring stuff. Some ideas:

            - Send a photo of your lunch, your commute, the strange dog on your street.
            - Keep a running voice-note thread that you both add to through the day.
            - Do chores together on a video call with the sound low, as if you were in the same
              flat.

            ## Do things side by side

            Parallel activities feel surprisingly close:

            1. Watch the same film, pressing play at the same moment.
            2. Read the same book and swap one line you underlined each week.
            3. Cook the same recipe on the same evening and eat "together".
            4. Play a slow online game, like a word game, that you can dip in and out of.

            ## Plan the next visit before this one ends

            The flat feeling after a goodbye is real. Having a date on the calendar, even a rough
            one, gives you both something to lean towards. One reader told me she and her partner
            always book the next trip on the train home from the last one.

            ## Talk about the end of the distance

            This is the conversation couples most often avoid. Long distance is easier to bear when
            it has a shape: "We'll reassess in a year," or "One of us will move when the lease
            ends." It doesn't have to be decided now, but it helps to talk about it openly, so that
            neither of you is quietly waiting for the other to raise it.

            ## Be kind about the hard days

            Some days the distance will just hurt, and no ritual will fix it. That is allowed. Say
            so. "I miss you in a way that's making me grumpy" is a perfectly good thing to tell
            someone who loves you.

            And when you do finally close the distance, you may find that some of these rituals are
            worth keeping. Mine was the morning photo. We still send them, from two rooms apart.
            """
        ),
    },
    {
        "slug": "boundaries-with-family",
        "title": "Setting boundaries with family without starting a war",
        "author": "priya",
        "status": "published",
        "days_ago": 70,
        "categories": ["self-care-boundaries"],
        "tags": ["boundaries"],
        "excerpt": "",
        "image_alt": "Olive and pale green shapes with a soft gap between them",
        "palette": ((230, 236, 220), (110, 140, 100)),
        "related": [],
        "body": _md(
            """
            The word "boundary" has had a busy few years. Sometimes it is used to mean "a rule I've
            made for other people", which is part of why family members bristle when they hear it. A
            more useful definition, I've found, is this: a boundary is a decision about what you
            will do, stated clearly and kindly.

            "You can't comment on my weight" is a request. It might be a fair one, but you can't
            enforce it. "If the conversation turns to my weight, I'm going to leave the table" is a
            boundary. It is about you.

            ## Start with what you actually want

            Before any conversation, get clear on the specific thing that keeps going wrong. "My
            mother is too involved" is hard to act on. "My mother drops by without calling, and I
            want a heads-up first" is something you can work with.

            ## Keep it short

            When we feel guilty, we over-explain, and every explanation becomes a point to argue
            with. Try one or two sentences:

            - "We're spending Christmas morning at home this year. We'd love to see you for lunch."
            - "I'm not going to discuss my relationship at family dinners. I'm happy to talk about
              almost anything else."
            - "Please call before you come over. If you don't, I might not open the door."

            ## Expect a reaction

            Families are systems, and when one person changes the steps, the others often push back
            with hurt, anger or a sudden cold spell. That doesn't mean the boundary is wrong. It
            means it is new. Try to respond to the feeling without dropping the boundary: "I can
            hear you're upset. I still love you, and I'm still going to do this."

            ## Follow through, gently

            A boundary that isn't held becomes a suggestion. If you said you would leave the table,
            leave the table, calmly and without a speech. You will probably only need to do it once
            or twice.

            ## If you're part of a couple

            Boundaries with in-laws are a common strain. A rule of thumb many couples find helpful:
            each partner handles conversations with their own family, and you agree on the message
            together first. It spares your partner from becoming the villain in your family's story.

            ## Things worth remembering

            > Other people's disappointment is not proof that you've done something wrong.

            - You can love someone and still limit your time with them.
            - Boundaries can loosen again as relationships heal.
            - It is okay to start small and build from there.

            If family relationships involve abuse or feel unsafe, you don't need to negotiate
            boundaries gently, and you don't need to do it alone. A counsellor or a support service
            can help you work out what is safest for you.
            """
        ),
    },
    {
        "slug": "when-to-see-a-therapist",
        "title": "How do you know it's time to see a therapist?",
        "author": "daniel",
        "status": "published",
        "days_ago": 130,
        "categories": ["couples-therapy", "self-care-boundaries"],
        "tags": ["therapy-basics", "anxiety"],
        "excerpt": (
            "You don't need to be in crisis to deserve support. Some signs that it might be time, "
            "and how to find someone who fits."
        ),
        "image_alt": "Teal and mint circles blending gently on a pale background",
        "palette": ((228, 238, 236), (80, 140, 135)),
        "related": ["what-happens-in-a-first-couples-therapy-session"],
        "body": _md(
            """
            People often ask me some version of: "Is my problem big enough for therapy?" The honest
            answer is that therapy isn't reserved for emergencies. You don't need a diagnosis or a
            catastrophe. But it can be hard to tell when "this is a rough patch" has turned into "I
            could use some help", so here are some signs I would take seriously.

            ## Signs it might be time

            - The same problem keeps coming back, despite your best efforts to solve it.
            - You feel stuck, numb or on edge most days, for weeks rather than days.
            - Your sleep, appetite, work or friendships are being affected.
            - You are relying on something, like alcohol, scrolling, work or shopping, more than
              you'd like in order to get through.
            - People who care about you have gently said they're worried.
            - You are carrying something you have never told anyone.

            ## Signs for couples

            - Arguments follow the same script and never really get resolved.
            - One or both of you has started to imagine a life apart.
            - There has been a betrayal and you don't know how to move forward.
            - A big change, such as a baby, a move, an illness or a loss, has shifted everything.

            ## What therapy can and can't do

            Therapy gives you a regular, protected space with someone trained to help you notice
            patterns and try new responses. It isn't advice-giving, and it doesn't work like a
            repair shop. Much of the change happens between sessions, in small experiments you try
            in your own life.

            ## How to find someone

            1. Decide what matters most to you: cost, location, online or in person, a particular
               approach, or someone who shares part of your background.
            2. Read a few profiles and notice who you feel drawn to. Gut feeling is allowed here.
            3. Book a short consultation call if they offer one, and ask how they work.
            4. Give it three or four sessions before deciding whether it fits.

            If cost is a barrier, look into sliding-scale practices, training clinics where
            supervised trainees see clients at lower fees, and community services. We have gathered
            some starting points in our [guide to low-cost counselling
            options](https://example.org/resources/low-cost-counselling).

            ## What if I'm in crisis?

            If you are thinking about harming yourself or feel unsafe right now, please don't wait
            for a therapy appointment. Contact your local emergency services or a crisis line in
            your country straight away.

            ## A note on this article

            This post is general information, written to help you think through your options. It
            isn't a substitute for an assessment or advice from a qualified professional who knows
            your situation.
            """
        ),
    },
    {
        "slug": "rekindling-intimacy",
        "title": "Rekindling intimacy when life has got in the way",
        "author": "maya",
        "status": "published",
        "days_ago": 150,
        "categories": ["couples-therapy"],
        "tags": ["intimacy"],
        "excerpt": "",
        "image_alt": "Deep rose fading into warm peach, with softly glowing round shapes",
        "palette": ((248, 222, 210), (190, 80, 80)),
        "related": [],
        "body": _md(
            """
            Almost every long-term couple goes through a stretch where they feel more like flatmates
            than partners. Work, children, illness, caring for parents, plain tiredness: life crowds
            in, and closeness is usually the first thing to be postponed. If that is where you are,
            you are not broken. You are busy, and probably a bit lonely.

            When I talk about intimacy here, I mean the whole range: feeling known, being
            affectionate, laughing together, and physical closeness too. They tend to rise and fall
            together.

            ## Start with curiosity, not blame

            "We never have sex any more" is a hard sentence to hear without getting defensive.
            Compare it with: "I miss you. I've noticed we've drifted, and I'd like us to work out
            why together." The second invites your partner into a shared problem rather than putting
            them on trial.

            ## Notice what gets in the way

            Ask each other, gently:

            - When do you feel closest to me these days?
            - What makes it hard to relax around me right now?
            - Is there anything you have been wanting but haven't said?

            Often the answers are practical: exhaustion, no privacy, an unspoken resentment about
            who does the laundry. Those are solvable problems, and solving them is part of the work.

            ## Small, frequent, low-pressure

            Couples often wait for a perfect weekend away to reconnect. It rarely arrives. Small
            moments, repeated, tend to matter more:

            1. A proper kiss hello or goodbye, long enough to notice, instead of a peck on the way
               past.
            2. Ten minutes at the end of the day, phones away, to ask how the other person really
               is.
            3. Touch that isn't a prelude to anything: a hand on the back, sitting close on the
               sofa.
            4. Doing something new together, like a class or a walk somewhere unfamiliar.

            Taking the pressure off physical intimacy can, paradoxically, make it easier to come
            back to. If every hug feels like a negotiation, people start avoiding hugs.

            ## Talk about desire as something that changes

            In long relationships, desire often doesn't arrive out of nowhere. For many people it
            shows up once they are already relaxed and connected, rather than before. Knowing that
            can take a lot of shame out of the conversation for both partners, and it shifts the
            question from "why don't you want me?" to "what helps us both relax?"

            ## When it's more than a rough patch

            If intimacy has been absent for a long time, if pain or a health issue is involved, or
            if the conversation always ends in hurt, a couples therapist or a sex therapist can
            help. For physical symptoms, it is worth speaking with a doctor as well.

            Coming back to each other is rarely a single moment. It is more like relearning a
            language you both used to speak: clumsy at first, and then, slowly, familiar again.
            """
        ),
    },
    {
        "slug": "money-conversations-for-couples",
        "title": "The money conversations every couple should have",
        "author": "daniel",
        "status": "published",
        "days_ago": 110,
        "categories": ["trust-communication"],
        "tags": ["money", "conflict"],
        "excerpt": (
            "Money fights are rarely just about money. A few questions that open the conversation "
            "before it turns into an argument."
        ),
        "image_alt": "Muted gold and cream shapes resting loosely on a warm gradient",
        "palette": ((240, 232, 200), (170, 140, 70)),
        "related": ["fighting-fair"],
        "body": _md(
            """
            Money is one of the topics couples say they argue about most, and one of the topics they
            find hardest to discuss calmly. That is not a coincidence. Money carries so much:
            safety, freedom, fairness, family history, shame. When you argue about a takeaway order,
            you might really be arguing about whether you feel looked after.

            ## Start with stories, not spreadsheets

            Before you get to budgets, try talking about where your feelings about money came from:

            - What did money feel like in your house growing up? Tight, plentiful, secret, a source
              of fights?
            - What is a money memory that still stings?
            - What does "being good with money" mean to you?

            These conversations build understanding, and they make the practical talk that follows
            much less charged.

            ## Then get practical

            Some questions that come up for couples at almost any stage:

            1. Do we pool our money, keep it separate, or do a mix? What feels fair given our
               incomes?
            2. How much can either of us spend without checking in first?
            3. What are we saving for, and what would we each give up to get there?
            4. How do we feel about lending money to family or friends?
            5. Is there any debt, or anything else, that the other person doesn't know about yet?

            That last one can be scary. If you are the one holding a secret, it is usually better
            shared sooner, with support if you need it, than discovered later.

            ## Make it a routine

            Couples who do well with money often have a regular, slightly boring check-in: once a
            month, with a cup of tea, going through what came in, what went out and what is coming
            up. When money talk only happens in a crisis, every money conversation starts to feel
            like a crisis.

            ## Watch for power

            In many couples one person earns more, or manages the accounts. That can work fine, as
            long as both people have access to the information and some money of their own. If one
            partner controls all the money, restricts access to accounts or uses money to punish,
            that is financial control. It is worth talking to someone you trust, or to a support
            service, about what is happening.

            ## When you're stuck

            If these talks always end in a row, consider a neutral third party. A couples therapist
            can help with the emotional side; a financial adviser or a free debt advice service can
            help with the numbers. Sometimes it takes both.

            > You don't have to agree on everything. You do need to agree on how you'll decide.

            Money will probably never be a completely easy subject. But couples who can talk about
            it without blame tend to find that other hard conversations get a little easier too.
            """
        ),
    },
    {
        "slug": "breaking-up-with-kindness",
        "title": "How to end a relationship with kindness",
        "author": "priya",
        "status": "published",
        "days_ago": 45,
        "categories": ["dating"],
        "tags": ["breakups"],
        "excerpt": "",
        "image_alt": "A dusky mauve gradient with blurred pale shapes at its edges",
        "palette": ((232, 226, 236), (140, 120, 140)),
        "related": ["grief-after-a-breakup"],
        "body": _md(
            """
            There is no way to end a relationship that doesn't hurt. I have been on both sides, more
            than once, and I've come to believe that the goal isn't a painless breakup. It is an
            honest one that leaves both people with their dignity.

            ## Be sure, or be honest that you're not

            If you are still deciding, say that, rather than announcing a breakup you might take
            back. "I'm having serious doubts and I need us to talk about them" is a different
            conversation from "I'm ending this." Both are valid. Mixing them up is confusing for
            everyone.

            ## Do it in person, if it's safe

            For anything beyond a few dates, the other person usually deserves a real conversation,
            face to face or at least by voice. Choose somewhere private where they can react however
            they need to, and from where they can get home easily afterwards. Not on their birthday,
            not in a restaurant, not the night before their big exam.

            If you feel unsafe with your partner, ignore all of this. Your safety comes first. End
            it in whatever way protects you, and tell someone you trust about your plan.

            ## Say it clearly, and early

            People often circle for twenty minutes before saying the thing. It is kinder to be
            direct:

            > "I need to tell you something hard. I've decided to end our relationship."

            Then let them react. You don't need to fill the silence.

            ## Give a reason, not a prosecution

            It is fair to offer an honest, brief reason: "I've realised we want very different
            lives." It isn't useful to list everything they have ever done wrong. If they ask for
            more, you can share a little, but you don't owe them a debate. A breakup isn't a
            proposal that needs the other person's approval.

            ## Avoid the kind-sounding mistakes

            - "We can still be friends." Only say it if you mean it and they want it. Often, space
              is kinder.
            - Staying the night "for comfort". It usually blurs things and makes the next morning
              harder.
            - Being vague to soften the blow. Vagueness tends to feed false hope.

            ## Afterwards

            Sort out the practical things soon, while you are both still being careful with each
            other: belongings, shared accounts, pets, what you will tell mutual friends. Then give
            each other real distance for a while. Checking their social media "just to see if
            they're okay" mostly keeps you both stuck.

            Look after yourself, too. Ending things can bring guilt and grief even when it is the
            right decision. Both feelings can be true at once, and neither means you got it wrong.
            """
        ),
    },
    {
        "slug": "jealousy-what-its-trying-to-tell-you",
        "title": "Jealousy: what it's trying to tell you",
        "author": "maya",
        "status": "published",
        "days_ago": 85,
        "categories": ["trust-communication"],
        "tags": ["trust", "attachment"],
        "excerpt": (
            "Jealousy isn't a character flaw, and it isn't proof of love. It's a signal worth "
            "listening to carefully."
        ),
        "image_alt": "A leaf-green glow softening into a pale lime background",
        "palette": ((232, 240, 214), (120, 160, 80)),
        "related": [],
        "body": _md(
            """
            Jealousy has a bad reputation, and a confusing one. Some people treat it as proof of how
            much they care. Others feel so ashamed of it that they hide it until it leaks out
            sideways, as sarcasm or a quick look at a partner's phone. I find it more useful to
            think of jealousy as a smoke alarm: it tells you something may be wrong, but not what,
            and sometimes it goes off because of toast.

            ## What jealousy is made of

            Underneath the sharp, hot feeling there is usually something softer:

            - Fear of losing someone, or of being replaced.
            - Insecurity: "They'll find someone better than me."
            - A sense of unfairness: "Why do they get that attention when I don't?"
            - An old hurt that a new situation has brushed against.

            Once you can name the softer feeling, you have something you can actually talk about.

            ## Is it about now, or about then?

            Ask yourself honestly: is my partner doing something that would worry most people? Or is
            something in my past making this feel bigger than it is? Both are possible. Someone who
            was cheated on before may feel a jolt every time a partner mentions a colleague, even
            when the colleague is entirely innocent. That jolt is real, and it is also partly about
            history.

            ## How to raise it

            Try talking about the feeling rather than making an accusation:

            > "When you were texting and laughing late last night, I felt a stab of worry. I don't
            > think you've done anything wrong. I just wanted to tell you rather than stew on it."

            Most partners can hear that. Very few can hear "Who were you texting?" delivered at
            midnight.

            ## What partners can do

            If your partner is feeling jealous, reassurance usually works better than argument. You
            don't have to accept accusations, but you can acknowledge the feeling: "I can see you're
            worried. I'm not going anywhere." Openness helps too, like mentioning a new friend
            before your partner hears about them from someone else.

            ## When jealousy becomes control

            There is a line between feeling jealous and acting on it in ways that restrict someone.
            Checking phones, demanding passwords, limiting who a partner can see, or getting angry
            when they spend time with friends are controlling behaviours. If you recognise them in
            yourself, it is worth getting support to change them. If you recognise them in your
            partner, and you feel you have to manage their moods to stay safe, please talk to
            someone you trust.

            ## Growing through it

            Jealousy often points to where you need a bit more security: in yourself, in the
            relationship, or both. Listened to with curiosity rather than shame, it can lead to
            conversations that leave a couple closer rather than more guarded.
            """
        ),
    },
    {
        "slug": "love-languages-a-critical-look",
        "title": "Love languages: useful shorthand, or a bit too neat?",
        "author": "priya",
        "status": "published",
        "days_ago": 175,
        "categories": ["trust-communication", "couples-therapy"],
        "tags": ["intimacy", "attachment"],
        "excerpt": "",
        "image_alt": "Coral and pink shapes overlapping on a pale blush background",
        "palette": ((250, 230, 230), (220, 120, 140)),
        "related": [],
        "body": _md(
            """
            If you have spent any time around relationship advice, you'll have met the idea of love
            languages: that each of us has a preferred way of giving and receiving love (words,
            time, gifts, help or touch) and that couples struggle when they speak different ones.
            It's an appealing idea, and I've used it myself. But I have also watched it harden into
            something rigid, so I think it's worth looking at both sides.

            ## What it gets right

            The core insight is genuinely useful. People feel loved in different ways, and the way
            you naturally show love might not be the way your partner most easily notices it. If you
            show care by fixing the car and your partner feels loved when you ask about their day,
            you can both be trying hard and both feel unappreciated.

            Having shared words for this can help couples say what they need without it sounding
            like a complaint.

            ## Where it gets too neat

            - **Most people don't have just one.** Ask yourself honestly and you'll probably find
              that several matter, and that the mix changes with your mood, your stress and the
              season of life you're in.
            - **It can become a scorecard.** "I did three acts of service this week" misses the
              point if the care behind them isn't felt.
            - **It can become a get-out clause.** "Words aren't my love language" can turn into a
              reason never to learn to say something kind out loud.
            - **The evidence is thinner than the popularity suggests.** Research hasn't shown
              strongly that matching "languages" predicts happier couples. Being responsive to each
              other seems to matter more than any category.

            ## A more flexible way to use it

            Instead of taking a quiz and filing each other away, try a few open questions:

            1. When was the last time you felt really cared for by me? What did I do?
            2. What is something small that would make a hard day easier?
            3. Is there something I do that I think is loving, but that doesn't land for you?

            The answers are usually far more specific than any category: "When you text me before a
            big meeting." "When you take the bins out without being asked." Specific is good.
            Specific is something you can actually do.

            ## Love as a practice

            > The best relationship frameworks give you better questions, not fixed answers.

            Love languages can be a good doorway into a conversation. The conversation itself,
            ongoing, curious and willing to be surprised, is what does the work. People change, the
            way they want to be loved changes with them, and the couples who stay close tend to be
            the ones who keep asking.
            """
        ),
    },
    {
        "slug": "grief-after-a-breakup",
        "title": "Grieving a relationship that's over",
        "author": "priya",
        "status": "published",
        "days_ago": 200,
        "categories": ["self-care-boundaries"],
        "tags": ["breakups"],
        "excerpt": (
            "Breakups are a kind of loss, and they deserve to be grieved. Some gentle ways through "
            "the first weeks."
        ),
        "image_alt": "A quiet grey-blue gradient with faint, blurred shapes of light",
        "palette": ((220, 224, 232), (100, 110, 140)),
        "related": ["breaking-up-with-kindness"],
        "body": _md(
            """
            We have rituals for many kinds of loss, but hardly any for the end of a relationship.
            There is no day off work, no casseroles on the doorstep. Yet when a relationship ends,
            even one that needed to end, what many people feel is grief: for the person, for the
            routines, for the future they had pictured together.

            I am writing this as someone who has been through it, not as a clinician, so please take
            what's useful and leave the rest. This article isn't a substitute for therapy or medical
            advice.

            ## It's allowed to hurt this much

            People often feel embarrassed by how hard a breakup hits them, especially if the
            relationship was short, or if they were the one who ended it. Grief doesn't measure
            itself against other people's losses. If it hurts, it hurts.

            ## What it can look like

            Grief after a breakup can show up in unexpected ways:

            - Trouble sleeping or eating, or doing a great deal of both.
            - Replaying conversations, searching for the moment it could have gone differently.
            - Anger, relief, guilt and sadness, sometimes all within the same hour.
            - Reaching for your phone to tell them something, before you remember.

            ## Small things that help

            1. **Keep a minimum routine.** Water, something to eat, some daylight, a shower. On bad
               days, that is enough.
            2. **Tell a few people.** You don't have to explain everything. "I've had a breakup and
               I'm not great" is a complete sentence.
            3. **Put the reminders somewhere.** You don't have to throw things away, but a box on a
               high shelf is easier to live with than a hoodie on the chair.
            4. **Mute before you delete.** Muting their accounts for a while gives you space without
               forcing big decisions.
            5. **Write the letter you won't send.** Getting the words out of your head and onto a
               page can loosen their grip.

            ## Be careful with the timeline

            Friends mean well when they say you'll be over it in a month, but there is no correct
            timetable. Grief tends to move in waves rather than a straight line. A good week
            followed by a terrible Sunday isn't going backwards.

            ## When to reach out for more

            If weeks go by and you are struggling to function, to work, to look after yourself or to
            get out of bed, or if you have thoughts of harming yourself, please talk to a doctor or
            therapist, or contact a crisis line straight away. Reaching out is not an overreaction.

            ## What comes after

            Slowly, most people find that the relationship becomes part of their story rather than
            the whole of it. You may even find things you want to keep: something you learned, a
            band you now love, a clearer sense of what you need next time.
            """
        ),
    },
    {
        "slug": "first-date-questions",
        "title": "First-date questions that don't feel like a job interview",
        "author": "daniel",
        "status": "draft",
        "days_ago": 0,
        "categories": ["dating"],
        "tags": ["first-dates"],
        "excerpt": "",
        "image_alt": "Honey-yellow light spreading across a warm cream background",
        "palette": ((252, 240, 220), (240, 180, 100)),
        "related": [],
        "body": _md(
            """
            A first date can easily slide into an interview. Where do you work? Where did you grow
            up? Any siblings? The answers are fine, but nobody leaves an interview feeling seen. The
            trick isn't finding perfect questions. It is asking ones that invite a story, and then
            actually listening to it.

            ## Swap facts for stories

            Fact questions get one-line answers. Story questions give the other person room to show
            you who they are.

            - Instead of "What do you do?", try "What's the best part of your work, on a good day?"
            - Instead of "Where are you from?", try "What do you miss about where you grew up?"
            - Instead of "Do you travel much?", try "Where's somewhere you'd happily go back to, and
              why?"

            ## Questions that tend to go somewhere

            1. What's something you've got into recently?
            2. What's a small thing that made your week better?
            3. Who's someone in your life you really admire?
            4. What's a skill you'd love to learn if you had the time?
            5. What does a good Sunday look like for you?

            ## Follow the thread

            The best first-date conversations don't move down a list. When someone mentions they've
            just taken up climbing, the good next question isn't a new topic. It's "What got you
            into it?" or "What's the scariest bit?" Following up shows you were listening, which is
            far more attractive than any clever opener.

            ## Share, too

            A date where one person asks all the questions can feel like an interrogation, however
            kind the questions are. Answer your own questions when it feels natural, and let them
            see a bit of you. Conversation works best when it goes back and forth at roughly the
            same depth.

            ## Questions to save for later

            Some things matter a lot but rarely go well on a first date: past relationships in
            detail, whether they want children, what they think of your ex. These aren't off-limits
            forever. They simply land better once you have built a little trust.

            ## Notice how you feel

            Afterwards, ask yourself one more question: did I feel at ease with this person? Not
            dazzled, and not anxious about impressing them, but at ease. That is often a better
            guide than how smoothly the conversation flowed.
            """
        ),
    },
    {
        "slug": "the-weekly-check-in",
        "title": "The weekly check-in: twenty minutes that can change a relationship",
        "author": "maya",
        "status": "published",
        "days_ago": -5,
        "categories": ["trust-communication", "couples-therapy"],
        "tags": ["conflict", "trust"],
        "excerpt": (
            "A short, structured conversation once a week can stop small resentments growing into "
            "big ones. Here is the format I suggest to couples."
        ),
        "image_alt": "Warm brown and oat-coloured shapes resting on a soft gradient",
        "palette": ((236, 230, 218), (150, 110, 80)),
        "related": ["fighting-fair", "how-to-apologise-so-it-lands"],
        "body": _md(
            """
            Many of the couples I see don't have one big problem. They have a hundred small ones
            that were never mentioned: the comment that stung, the chore that got forgotten, the
            plan that changed without discussion. Each was too minor to raise at the time. Together,
            they become a wall.

            One of the simplest tools I suggest is a weekly check-in. It isn't glamorous, but it
            gives small things somewhere to go before they grow.

            ## The basic format

            Pick a regular time (Sunday evening works for many people) and set aside twenty to
            thirty minutes. Sit somewhere comfortable, with phones out of reach. Then move through
            four short parts:

            1. **Appreciations.** Each of you names two or three things the other did this week that
               you valued. Be specific: "Thank you for handling the call with the landlord" rather
               than "thanks for everything".
            2. **What went well for us.** A moment you enjoyed together, however small.
            3. **Something that's bothering me.** One thing each, raised gently and in the first
               person. Not a list, just one.
            4. **The week ahead.** Logistics, plans, and one thing you would each like from the
               other.

            ## Why appreciations go first

            Starting with what's working sets the tone. It reminds you both that you are on the same
            side before you talk about anything tricky. It also builds a habit of noticing the good,
            which tends to make the hard conversations easier to hear.

            ## Keep the difficult part small

            The "something bothering me" section isn't the place to resolve the relationship's
            deepest issues. If something big comes up, agree to give it its own time: "This deserves
            more than ten minutes. Can we talk about it on Wednesday?" The check-in is for
            maintenance, not major surgery.

            ## Common worries

            **"It feels forced."** At first, yes. Most new habits do. Couples who keep going for a
            month or so usually find it becomes natural, and many end up looking forward to it.

            **"We talk all the time anyway."** Talking a lot about schedules and children isn't the
            same as talking about each other. The structure makes sure the quieter things get a
            turn.

            **"What if it turns into a fight?"** Pause, acknowledge it, and come back to it another
            time. Our post on fighting fair has some ground rules that help.

            ## Make it yours

            Some couples do their check-in on a walk, others over breakfast, others with a
            particular snack that only appears on check-in night. The format matters less than the
            rhythm. What you are building is an expectation that, every week, there will be a moment
            when you are both heard.
            """
        ),
    },
]

COMMENT_THREADS = {
    "rebuilding-trust-after-betrayal": [
        {
            "name": "Hannah",
            "email": "hannah.r@example.com",
            "url": "",
            "body": (
                "The line about a wave not being a failure of the repair really got me. We're "
                "eight months out and I still have days where it all feels brand new, and I've "
                "been reading those days as proof that we aren't healing. Thank you for this."
            ),
            "days_after": 1,
            "replies": [
                {
                    "name": "Maya Okafor",
                    "email": "maya@example.com",
                    "url": "",
                    "body": (
                        "Thank you for sharing this, Hannah. Eight months is still early in this "
                        "kind of repair, and the waves often come further apart before they stop "
                        "arriving. Please be gentle with yourself on those days."
                    ),
                    "days_after": 2,
                    "replies": [
                        {
                            "name": "Hannah",
                            "email": "hannah.r@example.com",
                            "url": "",
                            "body": "That's really reassuring to hear. Thank you.",
                            "days_after": 3,
                            "replies": [],
                        },
                    ],
                },
            ],
        },
        {
            "name": "Tom B.",
            "email": "tom.b@example.net",
            "url": "https://example.net/tomwrites",
            "body": (
                "I was the one who broke trust in my marriage. Becoming easy to check is exactly "
                "what our counsellor suggested, and it was hard at first. It stopped feeling like "
                "a punishment once I saw it as giving my wife something solid to stand on."
            ),
            "days_after": 2,
            "replies": [],
        },
        {
            "name": "Aisha",
            "email": "aisha.k@example.com",
            "url": "",
            "body": (
                "Do you have any advice for when the person who broke the trust won't talk about "
                "what happened at all? Every time I ask a question, he says he doesn't want to "
                "relive it."
            ),
            "days_after": 4,
            "replies": [
                {
                    "name": "Maya Okafor",
                    "email": "maya@example.com",
                    "url": "",
                    "body": (
                        "That's a really hard place to be, Aisha. It's common for the person who "
                        "caused the hurt to want to move on quickly, often out of shame. A couples "
                        "therapist can create a structure where your questions can be asked and "
                        "answered safely, without it turning into an interrogation."
                    ),
                    "days_after": 5,
                    "replies": [],
                },
            ],
        },
        {
            "name": "Jordan",
            "email": "jordan@example.net",
            "url": "",
            "body": (
                "Saving the list of questions for when we're both ready. We're not there yet, but "
                "it helps to know what that conversation might look like."
            ),
            "days_after": 7,
            "replies": [],
        },
    ],
    "attachment-styles-explained": [
        {
            "name": "Elena M.",
            "email": "elena.m@example.com",
            "url": "",
            "body": (
                "Thank you for the point about these being tendencies rather than boxes. A friend "
                "labelled me 'anxious' and it's made me feel like something is wrong with me."
            ),
            "days_after": 1,
            "replies": [
                {
                    "name": "Daniel Reyes",
                    "email": "daniel@example.com",
                    "url": "",
                    "body": (
                        "You're very welcome, Elena. Nothing is wrong with you. Patterns like "
                        "these usually developed for good reasons, and they can soften over time."
                    ),
                    "days_after": 2,
                    "replies": [],
                },
            ],
        },
        {
            "name": "Marcus",
            "email": "marcus.l@example.net",
            "url": "https://example.net/marcus",
            "body": (
                "My partner and I read this together and recognised the pursue-and-withdraw dance "
                "immediately. Saying 'we're doing the thing again' is already helping us laugh at "
                "it a little."
            ),
            "days_after": 3,
            "replies": [
                {
                    "name": "Sofia",
                    "email": "sofia@example.com",
                    "url": "",
                    "body": (
                        "Same here! We now have a code word for it. It's a silly word, which helps."
                    ),
                    "days_after": 4,
                    "replies": [
                        {
                            "name": "Marcus",
                            "email": "marcus.l@example.net",
                            "url": "https://example.net/marcus",
                            "body": "Love that. I might borrow the idea of a silly code word.",
                            "days_after": 5,
                            "replies": [],
                        },
                    ],
                },
            ],
        },
        {
            "name": "Rin",
            "email": "rin.t@example.com",
            "url": "",
            "body": (
                "I'd love a follow-up on the mixed or fearful pattern. There's much less written "
                "about it, and it's the one I relate to most."
            ),
            "days_after": 6,
            "replies": [],
        },
        {
            "name": "Ben O.",
            "email": "ben.o@example.net",
            "url": "",
            "body": (
                "Helpful and balanced. I appreciated that it didn't make avoidant people out to be "
                "the bad guys, which a lot of what I read online does."
            ),
            "days_after": 10,
            "replies": [],
        },
    ],
    "long-distance-rituals": [
        {
            "name": "Kwame",
            "email": "kwame@example.com",
            "url": "",
            "body": (
                "We're seven hours apart and started the same-recipe dinner thing last month. It "
                "has become the highlight of our week, even when one of us burns it."
            ),
            "days_after": 2,
            "replies": [
                {
                    "name": "Priya Raman",
                    "email": "priya@example.com",
                    "url": "",
                    "body": "Burnt dinners count double. Thanks for sharing this, Kwame.",
                    "days_after": 3,
                    "replies": [],
                },
            ],
        },
        {
            "name": "Lotte",
            "email": "lotte.v@example.net",
            "url": "https://example.net/lotte",
            "body": (
                "The section about talking about the end of the distance is so important. We "
                "avoided that conversation for a year, and it caused more anxiety than the "
                "distance itself."
            ),
            "days_after": 5,
            "replies": [],
        },
        {
            "name": "Sam",
            "email": "sam.d@example.com",
            "url": "",
            "body": (
                "Any tips for when the time difference means you're never both awake at a good "
                "moment? Our overlap is basically 7am for me and 11pm for him."
            ),
            "days_after": 8,
            "replies": [
                {
                    "name": "Priya Raman",
                    "email": "priya@example.com",
                    "url": "",
                    "body": (
                        "That's a tough one. Voice notes helped me most in a similar situation: "
                        "you can each listen when it suits you, and their voice is still part of "
                        "your day. Then a short, fixed weekend call can carry more of the weight."
                    ),
                    "days_after": 9,
                    "replies": [
                        {
                            "name": "Sam",
                            "email": "sam.d@example.com",
                            "url": "",
                            "body": "Voice notes it is. Thank you!",
                            "days_after": 10,
                            "replies": [],
                        },
                    ],
                },
            ],
        },
        {
            "name": "Grace",
            "email": "grace.h@example.com",
            "url": "",
            "body": (
                "Reading this three weeks before my partner moves abroad for a year. Bookmarking "
                "it for the hard days."
            ),
            "days_after": 20,
            "replies": [],
        },
    ],
    "fighting-fair": [
        {
            "name": "Noah",
            "email": "noah.p@example.net",
            "url": "",
            "body": (
                "The table is brilliant. We printed it out and stuck it on the fridge, which is "
                "either very healthy or slightly unhinged."
            ),
            "days_after": 1,
            "replies": [
                {
                    "name": "Daniel Reyes",
                    "email": "daniel@example.com",
                    "url": "",
                    "body": "Definitely the healthy one. Let me know how it goes.",
                    "days_after": 1,
                    "replies": [],
                },
            ],
        },
        {
            "name": "Fatima",
            "email": "fatima.a@example.com",
            "url": "",
            "body": (
                "Naming when you'll come back after a break changed things for us. I used to panic "
                "when my husband walked out. Now he says he'll be back in half an hour, and I can "
                "actually calm down too."
            ),
            "days_after": 2,
            "replies": [],
        },
        {
            "name": "Chris",
            "email": "chris.w@example.com",
            "url": "https://example.net/chris-w",
            "body": (
                "I appreciated the last section. Advice like this shouldn't be used to convince "
                "someone in a frightening situation that it's just a communication issue."
            ),
            "days_after": 4,
            "replies": [],
        },
        {
            "name": "Lena",
            "email": "lena.s@example.net",
            "url": "",
            "body": (
                "What do you do when your partner won't agree to any ground rules at all? We've "
                "tried setting them up calmly, and it still turns into a debate."
            ),
            "days_after": 6,
            "replies": [
                {
                    "name": "Daniel Reyes",
                    "email": "daniel@example.com",
                    "url": "",
                    "body": (
                        "That's frustrating, Lena. Sometimes it helps to start with just one rule "
                        "you can both live with, like the pause, rather than a full set. If even "
                        "that feels impossible, it may be a good moment to bring in a couples "
                        "therapist."
                    ),
                    "days_after": 7,
                    "replies": [],
                },
            ],
        },
        {
            "name": "Joe",
            "email": "joe@example.com",
            "url": "",
            "body": (
                "'And another thing' is basically my entire personality during arguments. Working "
                "on it."
            ),
            "days_after": 12,
            "replies": [],
        },
    ],
    "boundaries-with-family": [
        {
            "name": "Mei",
            "email": "mei.c@example.com",
            "url": "",
            "body": (
                "The difference between a request and a boundary finally clicked for me. I've been "
                "asking my dad to stop commenting on my career for years, and I never thought "
                "about what I would do if he didn't."
            ),
            "days_after": 1,
            "replies": [
                {
                    "name": "Priya Raman",
                    "email": "priya@example.com",
                    "url": "",
                    "body": (
                        "That shift makes a huge difference, Mei. It hands some of the control "
                        "back to you. Good luck with it."
                    ),
                    "days_after": 2,
                    "replies": [],
                },
            ],
        },
        {
            "name": "Oliver",
            "email": "oliver.g@example.net",
            "url": "",
            "body": (
                "Each partner handling their own family is such a good rule. My wife and I started "
                "doing it after a very tense Christmas, and it has taken so much strain off both "
                "of us."
            ),
            "days_after": 3,
            "replies": [],
        },
        {
            "name": "Dani",
            "email": "dani@example.com",
            "url": "",
            "body": (
                "This is helpful, but it's so much harder in cultures where family closeness is "
                "expected. Saying no can feel like rejecting your whole background."
            ),
            "days_after": 5,
            "replies": [
                {
                    "name": "Priya Raman",
                    "email": "priya@example.com",
                    "url": "",
                    "body": (
                        "Thank you for raising this, Dani. You're right, and I could have said "
                        "more about it. Boundaries look very different across families and "
                        "cultures, and they don't have to mean distance. Sometimes they're small, "
                        "specific changes that let you stay close in a way you can sustain."
                    ),
                    "days_after": 6,
                    "replies": [
                        {
                            "name": "Dani",
                            "email": "dani@example.com",
                            "url": "",
                            "body": "That makes sense. Small and specific feels a lot more doable.",
                            "days_after": 7,
                            "replies": [],
                        },
                    ],
                },
            ],
        },
        {
            "name": "Ruth",
            "email": "ruth.b@example.com",
            "url": "https://example.net/ruth",
            "body": (
                "'Other people's disappointment is not proof that you've done something wrong' is "
                "going on a sticky note on my mirror."
            ),
            "days_after": 15,
            "replies": [],
        },
    ],
}

PENDING_COMMENTS = [
    {
        "post": "what-happens-in-a-first-couples-therapy-session",
        "name": "Isabel",
        "email": "isabel.n@example.com",
        "url": "",
        "body": (
            "We have our first session next week and I've been dreading it. Knowing that it's "
            "normal to tell different versions of the story makes me feel much calmer."
        ),
    },
    {
        "post": "money-conversations-for-couples",
        "name": "Raj",
        "email": "raj.p@example.net",
        "url": "https://example.net/raj",
        "body": (
            "The question about what money felt like growing up opened up a whole evening of "
            "conversation for us. We learned more about each other than in years of arguing about "
            "budgets."
        ),
    },
    {
        "post": "jealousy-what-its-trying-to-tell-you",
        "name": "Emma",
        "email": "emma.j@example.com",
        "url": "",
        "body": (
            "The smoke alarm comparison is perfect. I'm going to remember the part about toast "
            "next time I start spiralling."
        ),
    },
]

SPAM_COMMENTS = [
    {
        "post": "dating-with-anxiety",
        "name": "Best Pharmacy Deals",
        "email": "deals4u@example.net",
        "url": "http://cheap-pills.example.invalid/",
        "body": (
            "Cheap pills online best price visit now!!! No prescription needed, fast shipping "
            "worldwide http://cheap-pills.example.invalid/buy-now"
        ),
    },
    {
        "post": "long-distance-rituals",
        "name": "Lucky Spin Bonus",
        "email": "winner.club@example.net",
        "url": "http://lucky-spin.example.invalid/bonus",
        "body": (
            "Great post!! Claim your 500% casino bonus today, free spins for all new players, win "
            "big now >>> http://lucky-spin.example.invalid/bonus?ref=blog"
        ),
    },
    {
        "post": "attachment-styles-explained",
        "name": "كازينو أونلاين",
        "email": "vip.offers@example.net",
        "url": "http://win-now.example.invalid/ar",
        "body": (
            "كازينو كازينو best online كازينو bonus!!! play now and win money fast "
            "http://win-now.example.invalid/ar"
        ),
    },
]
