import type { RuleSettings } from '../domain/settings.js';

export interface RulesVersion {
  version: string;
  settings: RuleSettings;
  publishedAt: string;
  publishedBy: string;
}

/**
 * The versioned rules configuration ops own: every version is kept (a decision replays with the
 * version it was made under); one is current, and a change is a new version, never an edit.
 */
export interface RulesRepository {
  /** The current version; the bundled defaults are published first if none is. */
  current(): Promise<RulesVersion>;
  get(version: string): Promise<RulesVersion | null>;
  /** Publishes a new version and makes it current; an existing version string is refused. */
  publish(settings: RuleSettings, publishedBy: string): Promise<RulesVersion>;
  list(): Promise<Omit<RulesVersion, 'settings'>[]>;
}
