/** Column shapes shared by the table definitions. */
export type Bool = number | boolean;

export interface Versioned {
  createdAt: string;
  updatedAt: string;
  version: number;
}
