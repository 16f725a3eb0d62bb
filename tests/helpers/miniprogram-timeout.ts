/**
 * Page tests get 20 s each: the first render in a file compiles the page's WXML (wcc) and its
 * components, seconds on a busy machine, so jest's default 5 s would make them depend on an
 * idle one.
 */
jest.setTimeout(20_000);
