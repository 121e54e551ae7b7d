package com.example.shop;

/** Computes prices. Change a signature here and Co-Clone lists every caller that must change. */
public class PriceCalculator {
  private final double taxRate;

  public PriceCalculator(double taxRate) {
    this.taxRate = taxRate;
  }

  public double total(double net, int quantity) {
    return net * quantity * (1 + taxRate);
  }

  public static String format(double amount) {
    return String.format("%.2f", amount);
  }
}
