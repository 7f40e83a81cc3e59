import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

import { readdirSync } from "node:fs";

// Every folder of src/features, so a new feature is bounded from its first file.
const FEATURES = readdirSync(new URL("./src/features", import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

// Features never import each other (nor the app layer above them): for each feature, a block
// forbidding '@/features/<other>', relative '../<other>' / '../../features/<other>', and '@/app'.
const featureBoundaries = FEATURES.map((feature) => {
  const others = FEATURES.filter((f) => f !== feature).join("|");
  return {
    files: [`src/features/${feature}/**/*.{ts,tsx}`],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: `^(?:@/features/|(?:\\.\\./)+(?:features/)?)(?:${others})(?:/|$)`,
              message: `Features never import each other: ${feature} may link to another feature only by URL path.`,
            },
            {
              regex: "^(?:@/app|(?:\\.\\./)+app)(?:/|$)",
              message: "Features never import the app layer (src/app composes them).",
            },
          ],
        },
      ],
    },
  };
});

// Shared layers (components, lib, api) know no feature.
const sharedLayers = {
  files: ["src/components/**/*.{ts,tsx}", "src/lib/**/*.{ts,tsx}", "src/api/**/*.{ts,tsx}"],
  rules: {
    "no-restricted-imports": [
      "error",
      {
        patterns: [
          {
            regex: "^(?:@/(?:features|app)|(?:\\.\\./)+(?:features|app))(?:/|$)",
            message: "components/, lib/ and api/ know no feature and not the app layer.",
          },
        ],
      },
    ],
  },
};

export default tseslint.config(
  { ignores: ["dist", "**/node_modules", "src/api/schema.gen.ts", "test-results", "playwright-report"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["src/**/*.{ts,tsx}"],
    languageOptions: { globals: globals.browser },
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
      "no-restricted-globals": [
        "error",
        { name: "localStorage", message: "Tokens and user data stay in memory." },
        { name: "sessionStorage", message: "Tokens and user data stay in memory." },
      ],
    },
  },
  ...featureBoundaries,
  sharedLayers,
  {
    // Node-side files: configs, scripts, the e2e suite, the Swagger assets' package.
    files: ["**/*.{js,mjs,cjs,ts}"],
    ignores: ["src/**"],
    languageOptions: { globals: globals.node },
  },
);
