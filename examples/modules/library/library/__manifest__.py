{
    "name": "Library",
    "version": "1.0",
    "depends": ["base"],
    "summary": "Books, and the books of each partner",
    "author": "The jsontwo tutorial",
}
