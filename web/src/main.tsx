import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "@/app/App";
import { restoreSession } from "@/lib/session";
import "./styles.css";

// One cookie-authenticated refresh decides whether we start signed in (outside React, so
// StrictMode's double effects cannot send it twice).
void restoreSession();

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root");
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
