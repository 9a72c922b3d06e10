/* talkbook reading page behaviour; the page works without it. */
