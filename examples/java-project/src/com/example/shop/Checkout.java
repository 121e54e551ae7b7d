package com.example.shop;

import java.util.List;

/** Uses PriceCalculator the way application code does. */
public class Checkout {
  private final PriceCalculator calculator = new PriceCalculator(0.2);

  public String receipt(List<Double> prices) {
    double sum = 0;
    for (double price : prices) {
      sum += calculator.total(price, 1);
    }
    return "Total: " + PriceCalculator.format(sum);
  }

  public double bulk(double price, int count) {
    return calculator.total(price, count);
  }
}
