declare const __G4F_CHAT_VERSION__: string | undefined;

/** The package version, set by the build; `0.0.0-dev` when run from source. */
export const VERSION = typeof __G4F_CHAT_VERSION__ === 'string' ? __G4F_CHAT_VERSION__ : '0.0.0-dev';

/** How g4f-chat names itself to every service it talks to. */
export const USER_AGENT = `g4f-chat/${VERSION}`;

/** Where g4f-chat can be found, for services that credit the app sending a request. */
export const PROJECT_URL = 'https://www.npmjs.com/package/g4f-chat';
