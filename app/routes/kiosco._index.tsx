// /kiosco: the office totem (screens in components/kiosk/KioskApp.tsx). No server data: the page is
// the same for every device (the device's credential and settings live in its browser), so the
// service worker can keep it and open it with the network off.
import type { LinksFunction, MetaFunction } from "@remix-run/node";
import { KioskApp } from "~/components/kiosk/KioskApp";
import styles from "~/styles/kiosk.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "manifest", href: "/kiosco/manifest.webmanifest" },
];

export const meta: MetaFunction = () => [{ title: "Tótem · OIRS" }, { name: "theme-color", content: "#0a4b86" }];

export default function KioskPage() {
  return <KioskApp />;
}
